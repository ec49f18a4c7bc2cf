package dev.tccledger.ledger.withdrawal;

/**
 * One cell of the state table: the state it moves the withdrawal to ({@code null}: the
 * row stays as it is), the money it moves, and how the event was taken.
 */
record WithdrawalTransition(WithdrawalStatus target, WithdrawalMovement movement, Verdict verdict) {

	enum Verdict {

		/** The withdrawal moved. */
		APPLIED,
		/** Already in the state the event asks for: a duplicate or a redelivery. */
		ALREADY,
		/** Nothing to do in this state (no final word, or the worker's step is stale). */
		IGNORED,
		/**
		 * The event contradicts a final state (a success after a failure, or the other
		 * way): nothing moves, finance is told.
		 */
		CONTRADICTS,
		/**
		 * Asked of a state it is not allowed in (a resolution that needs no resolving).
		 */
		REFUSED

	}

	static WithdrawalTransition to(WithdrawalStatus target, WithdrawalMovement movement) {
		return new WithdrawalTransition(target, movement, Verdict.APPLIED);
	}

	static WithdrawalTransition stay(Verdict verdict) {
		return new WithdrawalTransition(null, WithdrawalMovement.NONE, verdict);
	}

	boolean changesState() {
		return this.target != null;
	}

}
