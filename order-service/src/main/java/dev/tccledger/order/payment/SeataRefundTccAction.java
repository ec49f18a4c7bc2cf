package dev.tccledger.order.payment;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Outcome;
import dev.tccledger.order.payment.RefundStore.Applied;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Translates the TC's calls on a refund's branch into {@link RefundRules} events, as
 * {@link SeataOrderTccAction} does for orders. The confirm that moves the refund to
 * SUCCEEDED raises the order's refunded in the same local transaction, so an order's
 * refunded is always the sum of its SUCCEEDED refunds (I8).
 */
@Component
class SeataRefundTccAction implements RefundTccAction {

	private static final Logger log = LoggerFactory.getLogger(SeataRefundTccAction.class);

	private final RefundStore refunds;

	private final RefundMapper rows;

	private final TransactionTemplate tx;

	private final FaultPoints faults;

	SeataRefundTccAction(RefundStore refunds, RefundMapper rows, TransactionTemplate tx, FaultPoints faults) {
		this.refunds = refunds;
		this.rows = rows;
		this.tx = tx;
		this.faults = faults;
	}

	// the annotation repeats the interface's: Seata 2.0.0 reads it from the
	// implementation
	@Override
	public boolean bind(BusinessActionContext context, @BusinessActionContextParameter("refundNo") String refundNo) {
		try (var mdc = BranchMdc.of(context)) {
			Applied applied = this.refunds.apply(refundNo, Event.TRY, context.getXid(), context.getBranchId(), null,
					null, Refund.expectedPending(refundNo, context.getXid(), null));
			if (applied.outcome() == Outcome.APPLY || applied.outcome() == Outcome.ALREADY) {
				return true;
			}
			throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT,
					"refund " + refundNo + " is no longer open for this transaction");
		}
	}

	@Override
	public boolean confirm(BusinessActionContext context) {
		String refundNo = refundNo(context);
		try (var mdc = BranchMdc.of(context)) {
			return this.tx.execute((status) -> {
				Applied applied = this.refunds.apply(refundNo, Event.CONFIRM, context.getXid(), context.getBranchId(),
						null, null, Refund.expectedPending(refundNo, context.getXid(), context.getBranchId()));
				if (applied.outcome() == Outcome.APPLY) {
					Refund refund = this.refunds.find(refundNo);
					if (this.rows.addRefunded(refund.getOrderNo(), refund.getAmount(), OrderClock.now()) != 1) {
						// the ledger's claims make this impossible; the TC retries until
						// a
						// person looks
						throw new IllegalStateException("order " + refund.getOrderNo() + " cannot give back "
								+ refund.getAmount() + " more for refund " + refundNo);
					}
					this.faults.hit("REFUND_CONFIRM_BEFORE_COMMIT");
					log.info("refund {} of order {} SUCCEEDED: {}", refundNo, refund.getOrderNo(), refund.getAmount());
					return true;
				}
				if (applied.outcome() == Outcome.ALREADY) {
					return true;
				}
				log.error("confirm of refund {} found it {}: a state conflict for a person", refundNo,
						(applied.seen() != null) ? applied.seen().getStatus() : "missing");
				return false;
			});
		}
	}

	@Override
	public boolean cancel(BusinessActionContext context) {
		String refundNo = refundNo(context);
		try (var mdc = BranchMdc.of(context)) {
			return this.tx.execute((status) -> {
				Applied applied = this.refunds.apply(refundNo, Event.CANCEL, context.getXid(), context.getBranchId(),
						OrderError.ROLLED_BACK.name(), "the global transaction was rolled back",
						Refund.expectedPending(refundNo, context.getXid(), context.getBranchId()));
				if (applied.outcome() == Outcome.APPLY) {
					this.faults.hit("REFUND_CANCEL_BEFORE_COMMIT");
					log.info("refund {} FAILED", refundNo);
					return true;
				}
				if (applied.outcome() == Outcome.CONFLICT) {
					log.error("cancel of refund {} found it {}: a state conflict for a person", refundNo,
							applied.seen().getStatus());
					return false;
				}
				return true;
			});
		}
	}

	private static String refundNo(BusinessActionContext context) {
		Object value = context.getActionContext("refundNo");
		return (value != null) ? value.toString() : null;
	}

	/** The xid and branch id in the logging MDC for one phase call. */
	private record BranchMdc() implements AutoCloseable {

		static BranchMdc of(BusinessActionContext context) {
			MDC.put("xid", context.getXid());
			MDC.put("branchId", Long.toString(context.getBranchId()));
			return new BranchMdc();
		}

		@Override
		public void close() {
			MDC.remove("xid");
			MDC.remove("branchId");
		}

	}

}
