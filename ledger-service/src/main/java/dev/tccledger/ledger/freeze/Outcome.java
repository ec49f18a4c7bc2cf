package dev.tccledger.ledger.freeze;

/**
 * The result of one TCC call on one branch. {@code succeeded} is what Seata is told for
 * phase two (false makes the TC retry) and whether a try is answered or refused. Which
 * state each comes from, what it moves and records: {@link FreezeRules}.
 */
public enum Outcome {

	FROZEN(true), TRY_REPLAYED(true),
	/** too late to freeze again. */
	TRY_AFTER_CONFIRM(false),
	/** its cancel came first. */
	SUSPENSION_REJECTED(false),
	/** try resent with a new branch id in the same global transaction. */
	RESENT_TRY(true),

	CAPTURED(true), DUPLICATE_CONFIRM(true),
	/** never invent money; the TC retries until a person resolves it. */
	CONFIRM_WITHOUT_TRY(false), CONFIRM_AFTER_CANCEL(false),

	RELEASED(true), EMPTY_ROLLBACK(true),
	/** never un-capture. */
	CANCEL_AFTER_CONFIRM(false), DUPLICATE_CANCEL(true),

	/**
	 * confirm or cancel of a resent try's branch: the original branch carries the money.
	 */
	DUPLICATE_BRANCH_SETTLED(true),
	/** a state conflict a person has resolved: the TC may stop retrying. */
	CONFLICT_RESOLVED(true);

	private final boolean succeeded;

	Outcome(boolean succeeded) {
		this.succeeded = succeeded;
	}

	public boolean succeeded() {
		return this.succeeded;
	}

	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
