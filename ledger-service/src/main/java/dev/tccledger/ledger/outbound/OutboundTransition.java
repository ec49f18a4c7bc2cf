package dev.tccledger.ledger.outbound;

/**
 * One cell of the state table: the state it moves the operation to ({@code null}: the row
 * stays as it is), the money it moves, and how the event was taken.
 */
public record OutboundTransition(OutboundStatus target, OutboundMovement movement, Verdict verdict) {

	public enum Verdict {

		/** The operation moved. */
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

	static OutboundTransition to(OutboundStatus target, OutboundMovement movement) {
		return new OutboundTransition(target, movement, Verdict.APPLIED);
	}

	static OutboundTransition stay(Verdict verdict) {
		return new OutboundTransition(null, OutboundMovement.NONE, verdict);
	}

	public boolean changesState() {
		return this.target != null;
	}

}
