package dev.tccledger.ledger.freeze;

import dev.tccledger.ledger.anomaly.AnomalyKind;

/**
 * The result of one TCC call on one branch. {@code succeeded} is what Seata is told for
 * phase two (false makes the TC retry) and whether a try is answered or refused.
 */
public enum Outcome {

	/** try, no row: funds moved available to frozen. */
	FROZEN(true, true, null),
	/** try, TRIED: the same answer again. */
	TRY_REPLAYED(true, false, null),
	/** try, CONFIRMED: too late to freeze again. */
	TRY_AFTER_CONFIRM(false, false, null),
	/** try, CANCELLED: its cancel came first. */
	SUSPENSION_REJECTED(false, false, AnomalyKind.SUSPENSION_REJECTED),
	/** try resent with a new branch id in the same global transaction. */
	RESENT_TRY(true, false, null),

	/** confirm, TRIED: frozen to the payee's available. */
	CAPTURED(true, true, null),
	/** confirm, CONFIRMED. */
	DUPLICATE_CONFIRM(true, false, AnomalyKind.DUPLICATE_CONFIRM),
	/** confirm, no row: never invent money; the TC retries until a person resolves it. */
	CONFIRM_WITHOUT_TRY(false, false, AnomalyKind.CONFIRM_WITHOUT_TRY),
	/** confirm, CANCELLED. */
	CONFIRM_AFTER_CANCEL(false, false, AnomalyKind.CONFIRM_AFTER_CANCEL),

	/** cancel, TRIED: frozen back to available. */
	RELEASED(true, true, null),
	/** cancel, no row: a CANCELLED marker is written so that a late try is refused. */
	EMPTY_ROLLBACK(true, false, AnomalyKind.EMPTY_ROLLBACK),
	/** cancel, CONFIRMED: never un-capture. */
	CANCEL_AFTER_CONFIRM(false, false, AnomalyKind.CANCEL_AFTER_CONFIRM),
	/** cancel, CANCELLED. */
	DUPLICATE_CANCEL(true, false, AnomalyKind.DUPLICATE_CANCEL),

	/**
	 * confirm or cancel of a resent try's branch: the original branch carries the money.
	 */
	DUPLICATE_BRANCH_SETTLED(true, false, null),
	/** a state conflict a person has resolved: the TC may stop retrying. */
	CONFLICT_RESOLVED(true, false, null);

	private final boolean succeeded;

	private final boolean movesMoney;

	private final AnomalyKind anomaly;

	Outcome(boolean succeeded, boolean movesMoney, AnomalyKind anomaly) {
		this.succeeded = succeeded;
		this.movesMoney = movesMoney;
		this.anomaly = anomaly;
	}

	public boolean succeeded() {
		return this.succeeded;
	}

	public boolean movesMoney() {
		return this.movesMoney;
	}

	/** The anomaly this outcome records, or null. */
	public AnomalyKind anomaly() {
		return this.anomaly;
	}

	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
