package dev.tccledger.ledger.account;

/**
 * Stored by name. Only {@link #SYSTEM} accounts may hold a negative balance.
 */
public enum AccountKind {

	CUSTOMER, MERCHANT, SYSTEM

}
