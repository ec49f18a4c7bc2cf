package dev.tccledger.ledger.freeze;

import dev.tccledger.ledger.anomaly.AnomalyKind;

/**
 * One cell of the state table: what a call answers, the state it moves the branch to
 * ({@code null}: the row stays as it is), the money it moves, and the anomaly it records
 * ({@code null}: none).
 */
record Transition(Outcome outcome, FreezeStatus target, Movement movement, AnomalyKind anomaly) {

	static Transition to(FreezeStatus target, Outcome outcome, Movement movement) {
		return new Transition(outcome, target, movement, null);
	}

	static Transition stay(Outcome outcome) {
		return new Transition(outcome, null, Movement.NONE, null);
	}

	Transition recording(AnomalyKind kind) {
		return new Transition(this.outcome, this.target, this.movement, kind);
	}

	boolean changesState() {
		return this.target != null;
	}

}
