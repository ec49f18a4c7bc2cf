package dev.tccledger.ledger.withdrawal;

/**
 * Stored by name. PROCESSING and NEEDS_ATTENTION hold the amount in the account's frozen
 * bucket; SUCCEEDED and FAILED hold nothing.
 */
public enum WithdrawalStatus {

	PROCESSING, SUCCEEDED, FAILED, NEEDS_ATTENTION;

	boolean holdsMoney() {
		return this == PROCESSING || this == NEEDS_ATTENTION;
	}

}
