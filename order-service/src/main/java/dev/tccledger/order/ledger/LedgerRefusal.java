package dev.tccledger.order.ledger;

import dev.tccledger.order.OrderError;

/**
 * The ledger said no (a problem+json with a code), or could not be asked. Thrown from the
 * Feign client so that the global transaction rolls back with the reason.
 */
public class LedgerRefusal extends RuntimeException {

	private final OrderError error;

	private final String ledgerCode;

	public LedgerRefusal(OrderError error, String ledgerCode, String detail) {
		super(detail);
		this.error = error;
		this.ledgerCode = ledgerCode;
	}

	public OrderError error() {
		return this.error;
	}

	/** The code as the ledger sent it, or null when it was not reached. */
	public String ledgerCode() {
		return this.ledgerCode;
	}

}
