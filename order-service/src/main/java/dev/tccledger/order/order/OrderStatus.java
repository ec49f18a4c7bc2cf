package dev.tccledger.order.order;

/**
 * What a client sees: PENDING until the outcome is final, then PAID or FAILED. Stored by
 * name.
 */
public enum OrderStatus {

	PENDING, PAID, FAILED

}
