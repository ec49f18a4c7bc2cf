package dev.tccledger.support;

import io.seata.core.model.GlobalStatus;

/**
 * What a TC's answer about a global transaction means for a participant, in one place for
 * the TM's commit and rollback and for both recovery sentinels (docs/architecture.md,
 * recovery). Every {@link GlobalStatus} maps to exactly one value.
 */
public enum TcOutcome {

	/** The TC could not be asked. */
	UNREACHABLE,

	/** The TC answered {@code UnKnown}. */
	UNKNOWN,

	/** {@code Begin}: no decision yet; branches may still register. */
	OPEN,

	/** Commit decided; the TC is still confirming branches. */
	COMMITTING,

	/** Every branch confirmed. */
	COMMITTED,

	/** Commit decided, but the TC stopped confirming: a person must look. */
	COMMIT_STOPPED,

	/**
	 * Rollback decided (by the TM or by the timeout); the TC is still cancelling
	 * branches.
	 */
	ROLLING_BACK,

	/** Every branch cancelled. */
	ROLLED_BACK,

	/** Rollback decided, but the TC stopped cancelling: no branch will be confirmed. */
	ROLLBACK_STOPPED,

	/**
	 * {@code Finished}: the TC no longer holds the xid, whether it ended or was never
	 * seen (a wiped store). A TCC commit confirms every branch before the TC forgets it,
	 * so a forgotten transaction never confirms anything again.
	 */
	FORGOTTEN;

	/** null (the TC could not be asked) is {@link #UNREACHABLE}. */
	public static TcOutcome of(GlobalStatus status) {
		if (status == null) {
			return UNREACHABLE;
		}
		return switch (status) {
			case UnKnown -> UNKNOWN;
			case Begin -> OPEN;
			case Committing, CommitRetrying, AsyncCommitting -> COMMITTING;
			case Committed -> COMMITTED;
			case CommitFailed, CommitRetryTimeout -> COMMIT_STOPPED;
			case Rollbacking, RollbackRetrying, TimeoutRollbacking, TimeoutRollbackRetrying -> ROLLING_BACK;
			case Rollbacked, TimeoutRollbacked -> ROLLED_BACK;
			case RollbackFailed, TimeoutRollbackFailed, RollbackRetryTimeout -> ROLLBACK_STOPPED;
			case Finished -> FORGOTTEN;
		};
	}

	/**
	 * The TC may still confirm or cancel on its own (or cannot say): recovery leaves the
	 * transaction to it.
	 */
	public boolean tcMayStillAct() {
		return this == UNREACHABLE || this == UNKNOWN || this == OPEN || this == COMMITTING || this == ROLLING_BACK;
	}

	/**
	 * No branch of this transaction will be confirmed any more: a try may be released.
	 */
	public boolean neverConfirms() {
		return this == ROLLING_BACK || this == ROLLED_BACK || this == ROLLBACK_STOPPED || this == FORGOTTEN;
	}

	/** The TC decided to roll back, whether or not it has cancelled every branch yet. */
	public boolean rollbackDecided() {
		return this == ROLLING_BACK || this == ROLLED_BACK || this == ROLLBACK_STOPPED;
	}

	/**
	 * A rollback is over: every branch is cancelled (or the TC forgot the transaction).
	 */
	public boolean rolledBack() {
		return this == ROLLED_BACK || this == FORGOTTEN;
	}

}
