package dev.tccledger.order.payment;

import dev.tccledger.order.OrderError;

import java.time.LocalDateTime;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.seata.core.model.GlobalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.ledger.FreezeRecord;
import dev.tccledger.order.ledger.LedgerClient;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.TcStatus;
import dev.tccledger.support.sweep.ScheduledSweep;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepResult;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Settles orders left PENDING past the global timeout plus a margin, from the TC's answer
 * and the ledger's record, never by guessing: while the TC still drives the transaction
 * it is left alone; once the TC is done with it (or forgot it), the ledger's freezes
 * decide: all legs CONFIRMED is PAID, none live is FAILED, anything else waits (the
 * ledger's sentinel releases what the TC forgot) or is logged for a person. One order
 * instance sweeps at a time (the lease "order-sentinel").
 */
@Component
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
class OrderSentinel extends ScheduledSweep<Order, OrderSentinel.Outcome> {

	private static final Logger log = LoggerFactory.getLogger(OrderSentinel.class);

	enum Outcome {

		SETTLED, LEFT

	}

	private final OrderMapper rows;

	private final OrderStore orders;

	private final LedgerClient ledger;

	OrderSentinel(OrderMapper rows, OrderStore orders, LedgerClient ledger, SweepLeases leases, MeterRegistry meters,
			@Value("${orders.sentinel.period-ms:30000}") long periodMs,
			@Value("${orders.sentinel.grace-ms:90000}") long graceMs,
			@Value("${orders.sentinel.batch-size:200}") int batchSize,
			@Value("${orders.sentinel.lease-ttl-ms:60000}") long leaseTtlMs) {
		super("order-sentinel", SweepSettings.ofMillis(periodMs, graceMs, batchSize, leaseTtlMs), leases, meters,
				Outcome.class);
		this.rows = rows;
		this.orders = orders;
		this.ledger = ledger;
	}

	/** What one sweep did; zero when another instance holds the lease. */
	record Sweep(int examined, int settled) {
	}

	Sweep sweep() {
		SweepResult<Outcome> result = sweepNow();
		return new Sweep(result.examined(), result.count(Outcome.SETTLED));
	}

	@Override
	protected List<Order> batch(LocalDateTime staleBefore, int limit) {
		return this.rows.pendingBefore(staleBefore, limit);
	}

	@Override
	protected Outcome handle(Order order) {
		return settle(order) ? Outcome.SETTLED : Outcome.LEFT;
	}

	@Override
	protected String xidOf(Order order) {
		return order.getXid();
	}

	@Override
	protected Long branchIdOf(Order order) {
		return order.getBranchId();
	}

	private boolean settle(Order order) {
		String orderNo = order.getOrderNo();
		if (order.getXid() == null) {
			// recorded, but no global transaction was bound: no branch exists anywhere
			return applied(this.orders.apply(orderNo, Event.ABANDON, null, null, OrderError.ABANDONED.name(),
					"no global transaction was started for it", order));
		}
		GlobalStatus status = TcStatus.of(order.getXid());
		if (TcOutcome.of(status).tcMayStillAct()) {
			return false;
		}
		List<OrderLeg> legs = this.rows.legs(orderNo);
		List<FreezeRecord> freezes = this.ledger.freezesOf(orderNo)
			.stream()
			.filter((f) -> order.getXid().equals(f.xid()) && !"DUPLICATE".equals(f.status()))
			.toList();
		long confirmed = freezes.stream().filter((f) -> "CONFIRMED".equals(f.status())).count();
		long tried = freezes.stream().filter((f) -> "TRIED".equals(f.status())).count();
		return switch (OrderRules.settle(legs.size(), confirmed, tried)) {
			case PAY -> {
				log.warn("sentinel: order {} PAID from the ledger's record (TC answered {})", orderNo, status);
				yield applied(this.orders.apply(orderNo, Event.CONFIRM, order.getXid(), order.getBranchId(), null, null,
						order));
			}
			case FAIL -> {
				log.warn("sentinel: order {} FAILED from the ledger's record (TC answered {})", orderNo, status);
				yield applied(this.orders.apply(orderNo, Event.CANCEL, order.getXid(), order.getBranchId(),
						OrderError.ROLLED_BACK.name(), "settled by the recovery sentinel: the TC answered " + status,
						order));
			}
			case FOR_A_PERSON -> {
				log.error("sentinel: order {} has {} of {} legs confirmed and the rest released: a person must look",
						orderNo, confirmed, legs.size());
				yield false;
			}
			case WAIT -> false;
		};
	}

	private static boolean applied(OrderStore.Applied applied) {
		return applied.outcome() == OrderRules.Outcome.APPLY;
	}

}
