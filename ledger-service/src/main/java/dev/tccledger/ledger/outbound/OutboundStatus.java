package dev.tccledger.ledger.outbound;

/**
 * Stored by name. PROCESSING and NEEDS_ATTENTION hold the amount in the account's frozen
 * bucket; SUCCEEDED and FAILED hold nothing.
 */
public enum OutboundStatus {

	PROCESSING, SUCCEEDED, FAILED, NEEDS_ATTENTION;

	public boolean holdsMoney() {
		return this == PROCESSING || this == NEEDS_ATTENTION;
	}

}
