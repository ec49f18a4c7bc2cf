package dev.tccledger.ledger.freeze;

/**
 * The TCC state table of DESIGN.md, cell by cell: what a call does to a branch in a given
 * state. {@code current} is null when the branch has no row.
 */
public final class FreezeRules {

	private FreezeRules() {
	}

	public static Outcome decide(Phase call, FreezeStatus current) {
		if (current == FreezeStatus.DUPLICATE) {
			return (call == Phase.TRY) ? Outcome.RESENT_TRY : Outcome.DUPLICATE_BRANCH_SETTLED;
		}
		return switch (call) {
			case TRY -> (current == null) ? Outcome.FROZEN : switch (current) {
				case TRIED -> Outcome.TRY_REPLAYED;
				case CONFIRMED -> Outcome.TRY_AFTER_CONFIRM;
				case CANCELLED -> Outcome.SUSPENSION_REJECTED;
				case DUPLICATE -> Outcome.RESENT_TRY;
			};
			case CONFIRM -> (current == null) ? Outcome.CONFIRM_WITHOUT_TRY : switch (current) {
				case TRIED -> Outcome.CAPTURED;
				case CONFIRMED -> Outcome.DUPLICATE_CONFIRM;
				case CANCELLED -> Outcome.CONFIRM_AFTER_CANCEL;
				case DUPLICATE -> Outcome.DUPLICATE_BRANCH_SETTLED;
			};
			case CANCEL -> (current == null) ? Outcome.EMPTY_ROLLBACK : switch (current) {
				case TRIED -> Outcome.RELEASED;
				case CONFIRMED -> Outcome.CANCEL_AFTER_CONFIRM;
				case CANCELLED -> Outcome.DUPLICATE_CANCEL;
				case DUPLICATE -> Outcome.DUPLICATE_BRANCH_SETTLED;
			};
		};
	}

}
