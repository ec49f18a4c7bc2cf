package dev.tccledger.ledger.withdrawal;

import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.CAPTURE;
import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.NONE;
import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.RELEASE;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.FAILED;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.NEEDS_ATTENTION;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.SUCCEEDED;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.ALREADY;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.CONTRADICTS;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.IGNORED;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.REFUSED;

/**
 * The withdrawal state table (docs/architecture.md), the only place it is written down.
 * Money moves only on the channel's word or an operator's: an unknown outcome, exhausted
 * retries or a payout stuck at the channel keep the hold. The channel's word is still
 * taken after a withdrawal was handed to a person, since it is the truth the person would
 * have looked up.
 */
final class WithdrawalRules {

	private WithdrawalRules() {
	}

	static WithdrawalTransition decide(WithdrawalEvent event, WithdrawalStatus current) {
		return switch (current) {
			case PROCESSING -> switch (event) {
				case CHANNEL_SUCCEEDED -> WithdrawalTransition.to(SUCCEEDED, CAPTURE);
				case CHANNEL_FAILED -> WithdrawalTransition.to(FAILED, RELEASE);
				case SUBMIT_UNKNOWN -> WithdrawalTransition.stay(IGNORED);
				case RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					WithdrawalTransition.to(NEEDS_ATTENTION, NONE);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> WithdrawalTransition.stay(REFUSED);
			};
			case NEEDS_ATTENTION -> switch (event) {
				case CHANNEL_SUCCEEDED, RESOLVED_SUCCEEDED -> WithdrawalTransition.to(SUCCEEDED, CAPTURE);
				case CHANNEL_FAILED, RESOLVED_FAILED -> WithdrawalTransition.to(FAILED, RELEASE);
				case SUBMIT_UNKNOWN -> WithdrawalTransition.stay(IGNORED);
				case RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH -> WithdrawalTransition.stay(ALREADY);
			};
			case SUCCEEDED -> switch (event) {
				case CHANNEL_SUCCEEDED -> WithdrawalTransition.stay(ALREADY);
				case CHANNEL_FAILED -> WithdrawalTransition.stay(CONTRADICTS);
				case SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					WithdrawalTransition.stay(IGNORED);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> WithdrawalTransition.stay(REFUSED);
			};
			case FAILED -> switch (event) {
				case CHANNEL_FAILED -> WithdrawalTransition.stay(ALREADY);
				case CHANNEL_SUCCEEDED -> WithdrawalTransition.stay(CONTRADICTS);
				case SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					WithdrawalTransition.stay(IGNORED);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> WithdrawalTransition.stay(REFUSED);
			};
		};
	}

}
