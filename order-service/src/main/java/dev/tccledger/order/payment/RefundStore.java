package dev.tccledger.order.payment;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Outcome;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads refunds and applies {@link RefundRules} as {@link OrderStore} applies the
 * order's: decided on the refund as read (or as phase two expects it), written with a
 * conditional update on that state, decided again when the update misses.
 */
@Component
class RefundStore {

	private static final int MAX_ATTEMPTS = 5;

	private final RefundMapper refunds;

	private final OrderNotifications notifications;

	private final TransactionTemplate tx;

	RefundStore(RefundMapper refunds, OrderNotifications notifications, TransactionTemplate tx) {
		this.refunds = refunds;
		this.notifications = notifications;
		this.tx = tx;
	}

	/**
	 * The decision that held, and the refund it was decided on (null: no such refund).
	 */
	record Applied(Decision decision, Refund seen) {

		Outcome outcome() {
			return this.decision.outcome();
		}

	}

	Refund find(String refundNo) {
		return this.refunds.find(refundNo);
	}

	Refund get(String refundNo) {
		Refund refund = this.refunds.find(refundNo);
		if (refund == null) {
			throw new OrderException(OrderError.NOT_FOUND, "no refund " + refundNo);
		}
		return refund.withLegs(this.refunds.legs(refundNo));
	}

	Applied apply(String refundNo, Event event, String xid, Long branchId, String failure, String detail,
			Refund expected) {
		Refund refund = (expected != null) ? expected : this.refunds.find(refundNo);
		for (int attempt = 1;; attempt++) {
			Decision decision = (refund != null) ? refund.decide(event, xid, branchId)
					: RefundRules.decide(null, null, event);
			if (decision.outcome() != Outcome.APPLY || write(refund, event, decision, xid, branchId, failure, detail)) {
				return new Applied(decision, refund);
			}
			if (attempt == MAX_ATTEMPTS) {
				throw new IllegalStateException("refund " + refundNo + " kept moving under " + event);
			}
			refund = this.refunds.find(refundNo);
		}
	}

	private boolean write(Refund from, Event event, Decision decision, String xid, Long branchId, String failure,
			String detail) {
		Long newBranch = (event == Event.TRY) ? branchId : from.getBranchId();
		String newXid = (event == Event.ABANDON) ? from.getXid() : xid;
		String newFailure = (decision.target() == OrderStatus.FAILED) ? failure : null;
		// the settlement and its notification commit together (joining the confirm's
		// transaction, which also adds to the order's refunded)
		return Boolean.TRUE.equals(this.tx.execute((status) -> {
			boolean moved = this.refunds.transition(from.getRefundNo(), from.getStatus(), from.getXid(),
					from.getBranchId(), RefundStatus.of(decision.target()), newXid, newBranch, newFailure,
					(newFailure != null) ? FailureReasons.truncate(detail) : null, OrderClock.now()) == 1;
			if (moved && RefundStatus.of(decision.target()) == RefundStatus.SUCCEEDED) {
				// the refund's confirm decides on an expected row that carries only its
				// keys
				this.notifications
					.refundSucceeded((from.getOrderNo() != null) ? from : this.refunds.find(from.getRefundNo()));
			}
			return moved;
		}));
	}

}
