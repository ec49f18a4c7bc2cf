package dev.tccledger.ledger;

/**
 * A refusal: the request changed nothing. Rendered as problem+json with {@link #error()}
 * as its code.
 */
public class LedgerException extends RuntimeException {

	private final LedgerError error;

	public LedgerException(LedgerError error, String detail) {
		super(detail);
		this.error = error;
	}

	public LedgerError error() {
		return this.error;
	}

}
