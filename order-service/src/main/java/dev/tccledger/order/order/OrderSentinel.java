package dev.tccledger.order.order;

import java.util.List;

import io.seata.core.model.GlobalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.ledger.FreezeRecord;
import dev.tccledger.order.ledger.LedgerClient;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.TcStatus;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles orders left PENDING past the global timeout plus a margin, from the TC's answer
 * and the ledger's record, never by guessing: while the TC still drives the transaction
 * it is left alone; once the TC is done with it (or forgot it), the ledger's freezes
 * decide: all legs CONFIRMED is PAID, none live is FAILED, anything else waits (the
 * ledger's sentinel releases what the TC forgot) or is logged for a person.
 */
@Component
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
public class OrderSentinel {

	private static final Logger log = LoggerFactory.getLogger(OrderSentinel.class);

	private final OrderMapper orders;

	private final LedgerClient ledger;

	private final long graceMs;

	OrderSentinel(OrderMapper orders, LedgerClient ledger, @Value("${orders.sentinel.grace-ms:90000}") long graceMs) {
		this.orders = orders;
		this.ledger = ledger;
		this.graceMs = graceMs;
	}

	public record Sweep(int examined, int settled) {
	}

	@Scheduled(initialDelayString = "${orders.sentinel.period-ms:30000}",
			fixedDelayString = "${orders.sentinel.period-ms:30000}")
	void scheduled() {
		Sweep sweep = sweep();
		if (sweep.examined() > 0) {
			log.info("sentinel: {} pending orders examined, {} settled", sweep.examined(), sweep.settled());
		}
	}

	public Sweep sweep() {
		List<Order> pending = this.orders.pendingBefore(OrderClock.now().minusNanos(this.graceMs * 1_000_000), 200);
		int settled = 0;
		for (Order order : pending) {
			try {
				if (settle(order)) {
					settled++;
				}
			}
			catch (RuntimeException unreachable) {
				log.warn("sentinel could not settle order {} yet: {}", order.getOrderNo(), unreachable.toString());
			}
		}
		return new Sweep(pending.size(), settled);
	}

	private boolean settle(Order order) {
		String orderNo = order.getOrderNo();
		if (order.getXid() == null) {
			// recorded, but no global transaction was bound: no branch exists anywhere
			return this.orders.failUnbound(orderNo, "ABANDONED", "no global transaction was started for it",
					OrderClock.now()) == 1;
		}
		GlobalStatus status = TcStatus.of(order.getXid());
		if (TcOutcome.of(status).tcMayStillAct()) {
			return false;
		}
		List<OrderLeg> legs = this.orders.legs(orderNo);
		List<FreezeRecord> freezes = this.ledger.freezesOf(orderNo)
			.stream()
			.filter((f) -> order.getXid().equals(f.xid()) && !"DUPLICATE".equals(f.status()))
			.toList();
		long confirmed = freezes.stream().filter((f) -> "CONFIRMED".equals(f.status())).count();
		long tried = freezes.stream().filter((f) -> "TRIED".equals(f.status())).count();
		if (confirmed == legs.size() && tried == 0) {
			log.warn("sentinel: order {} PAID from the ledger's record (TC answered {})", orderNo, status);
			return this.orders.markPaid(orderNo, order.getXid(), OrderClock.now()) == 1;
		}
		if (confirmed == 0 && tried == 0) {
			log.warn("sentinel: order {} FAILED from the ledger's record (TC answered {})", orderNo, status);
			return this.orders.markFailed(orderNo, order.getXid(), "ROLLED_BACK",
					"settled by the recovery sentinel: the TC answered " + status, OrderClock.now()) == 1;
		}
		if (confirmed > 0 && tried == 0) {
			log.error("sentinel: order {} has {} of {} legs confirmed and the rest released: a person must look",
					orderNo, confirmed, legs.size());
		}
		return false;
	}

}
