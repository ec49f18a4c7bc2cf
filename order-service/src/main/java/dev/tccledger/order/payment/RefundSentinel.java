package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.seata.core.model.GlobalStatus;
import io.seata.rm.tcc.api.BusinessActionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.ledger.LedgerClient;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Settlement;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.TcStatus;
import dev.tccledger.support.sweep.ScheduledSweep;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Settles refunds left PENDING past the grace period as {@link OrderSentinel} settles
 * orders: while the TC may still drive the refund's transaction it is left alone; once
 * the TC is done with it (or forgot it), the ledger's refund branches of that refund and
 * xid decide ({@link RefundRules#settle}). The refund moves through its own branch's
 * confirm or cancel, the path the TC takes, so a SUCCEEDED refund raises the order's
 * refunded in the same local transaction under the same guard (I8) whoever settled it.
 * One order instance sweeps refunds at a time (the lease "refund-sentinel").
 */
@Component
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
class RefundSentinel extends ScheduledSweep<Refund, RefundSentinel.Outcome> {

	private static final Logger log = LoggerFactory.getLogger(RefundSentinel.class);

	enum Outcome {

		SETTLED, LEFT

	}

	private final RefundMapper rows;

	private final RefundStore refunds;

	private final RefundTccAction refundBranch;

	private final LedgerClient ledger;

	RefundSentinel(RefundMapper rows, RefundStore refunds, RefundTccAction refundBranch, LedgerClient ledger,
			SweepLeases leases, MeterRegistry meters,
			@Value("${orders.refund-sentinel.period-ms:${orders.sentinel.period-ms:30000}}") long periodMs,
			@Value("${orders.refund-sentinel.grace-ms:${orders.sentinel.grace-ms:90000}}") long graceMs,
			@Value("${orders.refund-sentinel.batch-size:${orders.sentinel.batch-size:200}}") int batchSize,
			@Value("${orders.refund-sentinel.lease-ttl-ms:${orders.sentinel.lease-ttl-ms:60000}}") long leaseTtlMs) {
		super("refund-sentinel", SweepSettings.ofMillis(periodMs, graceMs, batchSize, leaseTtlMs), leases, meters,
				Outcome.class);
		this.rows = rows;
		this.refunds = refunds;
		this.refundBranch = refundBranch;
		this.ledger = ledger;
	}

	@Override
	protected List<Refund> batch(LocalDateTime staleBefore, int limit) {
		return this.rows.pendingBefore(staleBefore, limit);
	}

	@Override
	protected Outcome handle(Refund refund) {
		return settle(refund) ? Outcome.SETTLED : Outcome.LEFT;
	}

	@Override
	protected String xidOf(Refund refund) {
		return refund.getXid();
	}

	@Override
	protected Long branchIdOf(Refund refund) {
		return refund.getBranchId();
	}

	private boolean settle(Refund refund) {
		String refundNo = refund.getRefundNo();
		if (refund.getXid() == null) {
			// recorded, but no global transaction was bound: no branch exists anywhere
			return this.refunds
				.apply(refundNo, Event.ABANDON, null, null, OrderError.ABANDONED.name(),
						"no global transaction was started for it", refund)
				.outcome() == OrderRules.Outcome.APPLY;
		}
		GlobalStatus status = TcStatus.of(refund.getXid());
		if (TcOutcome.of(status).tcMayStillAct()) {
			return false;
		}
		int legs = this.rows.legs(refundNo).size();
		Settlement settlement = RefundRules.settle(refundNo, refund.getXid(), legs,
				this.ledger.freezesOf(refund.getOrderNo()));
		return switch (settlement) {
			case PAY -> {
				log.warn("refund-sentinel: refund {} SUCCEEDED from the ledger's record (TC answered {})", refundNo,
						status);
				yield this.refundBranch.confirm(phaseTwo(refund));
			}
			case FAIL -> {
				log.warn("refund-sentinel: refund {} FAILED from the ledger's record (TC answered {})", refundNo,
						status);
				yield this.refundBranch.cancel(phaseTwo(refund));
			}
			case FOR_A_PERSON -> {
				log.error("refund-sentinel: refund {} has some of its {} legs refunded and the rest released: "
						+ "a person must look", refundNo, legs);
				yield false;
			}
			case WAIT -> false;
		};
	}

	/**
	 * The context the TC would pass the refund's branch in phase two. A refund whose
	 * branch never joined has no branch id (Seata's -1): the refund's rules take it as
	 * this transaction's, unbound.
	 */
	private static BusinessActionContext phaseTwo(Refund refund) {
		BusinessActionContext context = new BusinessActionContext(refund.getXid(),
				(refund.getBranchId() != null) ? refund.getBranchId().toString() : null,
				Map.of("refundNo", refund.getRefundNo()));
		context.setActionName(RefundTccAction.ACTION_NAME);
		return context;
	}

}
