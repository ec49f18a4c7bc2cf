package dev.tccledger.ledger.freeze;

import dev.tccledger.ledger.anomaly.AnomalyKind;

import static dev.tccledger.ledger.freeze.FreezeStatus.CANCELLED;
import static dev.tccledger.ledger.freeze.FreezeStatus.CONFIRMED;
import static dev.tccledger.ledger.freeze.FreezeStatus.TRIED;

/**
 * The TCC state table (docs/architecture.md), the only place it is written down: what a
 * call does to a branch in a given state. {@code current} is null when the branch has no
 * row. {@link FreezeService} runs every phase as a loop over this table.
 */
final class FreezeRules {

	private FreezeRules() {
	}

	static Transition decide(Phase call, FreezeStatus current) {
		if (current == null) {
			return switch (call) {
				case TRY -> Transition.to(TRIED, Outcome.FROZEN, Movement.FREEZE);
				case CONFIRM -> Transition.stay(Outcome.CONFIRM_WITHOUT_TRY).recording(AnomalyKind.CONFIRM_WITHOUT_TRY);
				// the marker that makes a late try a refused suspension
				case CANCEL -> Transition.to(CANCELLED, Outcome.EMPTY_ROLLBACK, Movement.NONE)
					.recording(AnomalyKind.EMPTY_ROLLBACK);
			};
		}
		return switch (current) {
			case TRIED -> switch (call) {
				case TRY -> Transition.stay(Outcome.TRY_REPLAYED);
				case CONFIRM -> Transition.to(CONFIRMED, Outcome.CAPTURED, Movement.CAPTURE);
				case CANCEL -> Transition.to(CANCELLED, Outcome.RELEASED, Movement.RELEASE);
			};
			case CONFIRMED -> switch (call) {
				case TRY -> Transition.stay(Outcome.TRY_AFTER_CONFIRM);
				case CONFIRM -> Transition.stay(Outcome.DUPLICATE_CONFIRM).recording(AnomalyKind.DUPLICATE_CONFIRM);
				case CANCEL ->
					Transition.stay(Outcome.CANCEL_AFTER_CONFIRM).recording(AnomalyKind.CANCEL_AFTER_CONFIRM);
			};
			case CANCELLED -> switch (call) {
				case TRY -> Transition.stay(Outcome.SUSPENSION_REJECTED).recording(AnomalyKind.SUSPENSION_REJECTED);
				case CONFIRM ->
					Transition.stay(Outcome.CONFIRM_AFTER_CANCEL).recording(AnomalyKind.CONFIRM_AFTER_CANCEL);
				case CANCEL -> Transition.stay(Outcome.DUPLICATE_CANCEL).recording(AnomalyKind.DUPLICATE_CANCEL);
			};
			// a resent try's branch: the original branch carries the money
			case DUPLICATE -> switch (call) {
				case TRY -> Transition.stay(Outcome.RESENT_TRY);
				case CONFIRM, CANCEL -> Transition.stay(Outcome.DUPLICATE_BRANCH_SETTLED);
			};
		};
	}

	/**
	 * The state a phase first assumes, so that its usual case costs one write. Try and
	 * cancel assume no row and insert first: the branch's unique key then decides a race
	 * between them, and no read has to lock a gap that doesn't exist yet (a locking read
	 * of a missing row takes a gap lock that deadlocks concurrent inserts). Confirm
	 * assumes the try it follows.
	 */
	static FreezeStatus assumed(Phase call) {
		return (call == Phase.CONFIRM) ? TRIED : null;
	}

}
