package dev.tccledger.ledger.withdrawal;

import java.time.LocalDateTime;

/**
 * A payout's outbox row: the worker's next step and when, the calls made so far, and who
 * holds it ({@code leaseOwner} until {@code leaseUntil}).
 */
record PayoutTask(String withdrawalNo, Step nextStep, LocalDateTime nextAttemptAt, int attempts, int failedCalls,
		LocalDateTime firstSentAt, String answers, String leaseOwner, LocalDateTime leaseUntil) {

	enum Step {

		/** Send the create (again: it is idempotent on the withdrawal number). */
		SUBMIT,
		/** Ask the channel what became of a create it may have received. */
		QUERY

	}

}
