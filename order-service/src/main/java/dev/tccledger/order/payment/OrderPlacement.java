package dev.tccledger.order.payment;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places an order once per orderNo: the first request records it and pays it
 * ({@link GlobalPayment}); the same orderNo with the same body again is a replay that
 * answers the order as it stands now; with another body it is a conflict.
 */
@Service
class OrderPlacement {

	private final OrderMapper rows;

	private final OrderStore orders;

	private final GlobalPayment payment;

	private final TransactionTemplate tx;

	OrderPlacement(OrderMapper rows, OrderStore orders, GlobalPayment payment, TransactionTemplate tx) {
		this.rows = rows;
		this.orders = orders;
		this.payment = payment;
		this.tx = tx;
	}

	/** The order as it stands after the request, and whether it was already there. */
	record Placed(Order order, boolean replay) {
	}

	/**
	 * {@code caller} is recorded on a new order; a replay answers the order as it stands,
	 * whoever sends it (the orderNo is the idempotency key, not the caller).
	 */
	Placed place(PlaceOrder request, String caller) {
		Order recorded = record(request, caller);
		if (recorded != null) {
			if (!recorded.placedAs(request.fingerprint())) {
				throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT,
						"order " + request.orderNo() + " was placed with another body");
			}
			return new Placed(recorded, true);
		}
		return new Placed(this.payment.pay(request), false);
	}

	Order get(String orderNo) {
		return this.orders.get(orderNo);
	}

	/** Inserts the order; returns the existing one instead when the orderNo is taken. */
	private Order record(PlaceOrder request, String caller) {
		Order order = Order.place(request, caller, OrderClock.now());
		try {
			this.tx.executeWithoutResult((status) -> {
				this.rows.insert(order);
				this.rows.insertLegs(order.getLegs());
			});
			return null;
		}
		catch (DuplicateKeyException taken) {
			return this.orders.get(request.orderNo());
		}
	}

}
