package dev.tccledger.order.payment;

/**
 * A refund's status, stored by name: PENDING until its global transaction's outcome is
 * final, then SUCCEEDED or FAILED. It follows the order's state table with SUCCEEDED in
 * the place of PAID ({@link RefundRules#decide}).
 */
enum RefundStatus {

	PENDING, SUCCEEDED, FAILED;

	OrderStatus asOrderStatus() {
		return switch (this) {
			case PENDING -> OrderStatus.PENDING;
			case SUCCEEDED -> OrderStatus.PAID;
			case FAILED -> OrderStatus.FAILED;
		};
	}

	static RefundStatus of(OrderStatus status) {
		return switch (status) {
			case PENDING -> PENDING;
			case PAID -> SUCCEEDED;
			case FAILED -> FAILED;
		};
	}

}
