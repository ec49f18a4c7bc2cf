package dev.tccledger.ledger.freeze;

/**
 * Stored by name. {@code DUPLICATE} marks the branch of a try resent inside the same
 * global transaction: it holds no money and its phase two moves nothing.
 */
public enum FreezeStatus {

	TRIED, CONFIRMED, CANCELLED, DUPLICATE

}
