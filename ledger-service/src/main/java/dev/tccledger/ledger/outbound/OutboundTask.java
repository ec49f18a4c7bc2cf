package dev.tccledger.ledger.outbound;

import java.time.LocalDateTime;

/**
 * An outbound operation's outbox row ({@code payout_task}, {@code recharge_refund_task}):
 * the worker's next step and when, the calls made so far, and who holds it
 * ({@code leaseOwner} until {@code leaseUntil}).
 */
public record OutboundTask(String taskNo, Step nextStep, LocalDateTime nextAttemptAt, int attempts, int failedCalls,
		LocalDateTime firstSentAt, String answers, String leaseOwner, LocalDateTime leaseUntil) {

	public enum Step {

		/** Send the create (again: it is idempotent on the operation's number). */
		SUBMIT,
		/** Ask the channel what became of a create it may have received. */
		QUERY

	}

}
