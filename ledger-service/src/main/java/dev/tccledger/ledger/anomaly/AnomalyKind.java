package dev.tccledger.ledger.anomaly;

/**
 * What the network did to a TCC branch. The first four are guards that worked and need no
 * one; the last three are state conflicts that a person must look at.
 */
public enum AnomalyKind {

	EMPTY_ROLLBACK(false), SUSPENSION_REJECTED(false), DUPLICATE_CONFIRM(false), DUPLICATE_CANCEL(false),

	/** the recovery sentinel released a freeze its global transaction no longer holds */
	SENTINEL_RELEASED(false),

	CONFIRM_WITHOUT_TRY(true), CONFIRM_AFTER_CANCEL(true), CANCEL_AFTER_CONFIRM(true);

	private final boolean escalated;

	AnomalyKind(boolean escalated) {
		this.escalated = escalated;
	}

	public boolean escalated() {
		return this.escalated;
	}

}
