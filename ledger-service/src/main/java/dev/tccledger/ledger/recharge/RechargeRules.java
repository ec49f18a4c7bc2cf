package dev.tccledger.ledger.recharge;

import static dev.tccledger.ledger.recharge.RechargeStatus.EXPIRED;
import static dev.tccledger.ledger.recharge.RechargeStatus.FAILED;
import static dev.tccledger.ledger.recharge.RechargeStatus.PENDING;
import static dev.tccledger.ledger.recharge.RechargeStatus.SUCCEEDED;

/**
 * The recharge state table (docs/architecture.md), the only place it is written down:
 * what the channel's word does to a recharge in a given state. Money moves on exactly one
 * kind of cell, into SUCCEEDED, and a recharge leaves SUCCEEDED never: once credited, the
 * customer may have spent it. A success after the ledger gave up (FAILED, EXPIRED) means
 * the channel took the customer's money, so it is credited and flagged for finance.
 */
final class RechargeRules {

	private RechargeRules() {
	}

	/** What a cell answers, for the callback record and the metrics. */
	enum Outcome {

		/** moved to the channel's final state */
		SETTLED,

		/** already there, or another "no money" word on a recharge that has none */
		ALREADY_SETTLED,

		/**
		 * the channel contradicts a credit already made: nothing changes, finance looks
		 */
		CONTRADICTED

	}

	/** What flags a recharge for finance. */
	enum Flag {

		SUCCEEDED_AFTER_EXPIRY, SUCCEEDED_AFTER_FAILURE

	}

	/**
	 * One cell: the answer, the state to move to (null: stay), whether the customer is
	 * credited, and the flag set (null: none).
	 */
	record Transition(Outcome outcome, RechargeStatus target, boolean credit, Flag flag) {

		static Transition to(RechargeStatus target) {
			return new Transition(Outcome.SETTLED, target, target == SUCCEEDED, null);
		}

		static Transition stay(Outcome outcome) {
			return new Transition(outcome, null, false, null);
		}

		Transition flagging(Flag flag) {
			return new Transition(this.outcome, this.target, this.credit, flag);
		}

		boolean changesState() {
			return this.target != null;
		}

	}

	static Transition decide(RechargeEvent event, RechargeStatus current) {
		return switch (current) {
			case PENDING -> switch (event) {
				case CHANNEL_SUCCEEDED -> Transition.to(SUCCEEDED);
				case CHANNEL_FAILED, CREATE_REFUSED -> Transition.to(FAILED);
				case CHANNEL_EXPIRED, UNKNOWN_AFTER_EXPIRY -> Transition.to(EXPIRED);
			};
			case SUCCEEDED ->
				event.paid() ? Transition.stay(Outcome.ALREADY_SETTLED) : Transition.stay(Outcome.CONTRADICTED);
			case FAILED -> event.paid() ? Transition.to(SUCCEEDED).flagging(Flag.SUCCEEDED_AFTER_FAILURE)
					: Transition.stay(Outcome.ALREADY_SETTLED);
			case EXPIRED -> event.paid() ? Transition.to(SUCCEEDED).flagging(Flag.SUCCEEDED_AFTER_EXPIRY)
					: Transition.stay(Outcome.ALREADY_SETTLED);
		};
	}

}
