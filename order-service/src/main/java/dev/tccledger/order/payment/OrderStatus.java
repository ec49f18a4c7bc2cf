package dev.tccledger.order.payment;

/**
 * What a client sees: PENDING until the outcome is final, then PAID or FAILED. Stored by
 * name. {@link OrderRules} says which event moves an order from which status to which.
 */
enum OrderStatus {

	PENDING, PAID, FAILED

}
