package dev.tccledger.order.payment;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Outcome;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads orders and applies {@link OrderRules}: each transition is decided on the order as
 * read and written with a conditional update on that same state; when the update misses
 * (the order moved meanwhile: the TC's phase two and the TM or the sentinel race), the
 * order is read again and the event decided again.
 */
@Component
class OrderStore {

	/** Each miss means the order moved; it can move only a few times. */
	private static final int MAX_ATTEMPTS = 5;

	private final OrderMapper orders;

	private final OrderNotifications notifications;

	private final TransactionTemplate tx;

	OrderStore(OrderMapper orders, OrderNotifications notifications, TransactionTemplate tx) {
		this.orders = orders;
		this.notifications = notifications;
		this.tx = tx;
	}

	/** The decision that held, and the order it was decided on (null: no such order). */
	record Applied(Decision decision, Order seen) {

		Outcome outcome() {
			return this.decision.outcome();
		}

	}

	/** The order without its legs, or null. */
	Order find(String orderNo) {
		return this.orders.find(orderNo);
	}

	/** The order with its legs. */
	Order get(String orderNo) {
		Order order = this.orders.find(orderNo);
		if (order == null) {
			throw new OrderException(OrderError.ORDER_NOT_FOUND, "no order " + orderNo);
		}
		return order.withLegs(this.orders.legs(orderNo));
	}

	/**
	 * Applies {@code event} of global transaction {@code xid} (branch {@code branchId},
	 * null when the event has none) to the order, deciding first on {@code expected} when
	 * given (saves a read when phase two finds what it expects), else on the row. A
	 * FAILED order keeps a reason already recorded, else gets {@code reason}.
	 */
	Applied apply(String orderNo, Event event, String xid, Long branchId, String reason, String detail,
			Order expected) {
		Order order = (expected != null) ? expected : this.orders.find(orderNo);
		for (int attempt = 1;; attempt++) {
			Decision decision = (order != null) ? order.decide(event, xid, branchId)
					: OrderRules.decide(null, null, event);
			if (decision.outcome() != Outcome.APPLY || write(order, event, decision, xid, branchId, reason, detail)) {
				return new Applied(decision, order);
			}
			if (attempt == MAX_ATTEMPTS) {
				throw new IllegalStateException("order " + orderNo + " kept moving under " + event);
			}
			order = this.orders.find(orderNo);
		}
	}

	private boolean write(Order from, Event event, Decision decision, String xid, Long branchId, String reason,
			String detail) {
		Long newBranch = (event == Event.TRY) ? branchId : from.getBranchId();
		String newXid = (event == Event.ABANDON) ? from.getXid() : xid;
		// the settlement and its notification commit together (joining the caller's
		// transaction when there is one)
		return Boolean.TRUE.equals(this.tx.execute((status) -> {
			boolean moved = this.orders.transition(from.getOrderNo(), from.getStatus(), from.getXid(),
					from.getBranchId(), decision.target(), newXid, newBranch, reason, FailureReasons.truncate(detail),
					OrderClock.now()) == 1;
			if (moved && decision.target() != OrderStatus.PENDING) {
				// phase two decides on an expected row that carries only its keys (a read
				// saved per payment); the event tells what was paid, so it reads the
				// order
				Order settled = (from.getPayeeAccountId() != null) ? from : this.orders.find(from.getOrderNo());
				this.notifications.orderSettled(settled, decision.target(), reason);
			}
			return moved;
		}));
	}

}
