package dev.tccledger.ledger.withdrawal;

/** What can happen to a withdrawal after its hold: every column of the state table. */
enum WithdrawalEvent {

	/** The channel's word, by callback or query: paid out. */
	CHANNEL_SUCCEEDED,
	/** The channel's word, by callback or query, or its refusal of the create. */
	CHANNEL_FAILED,
	/**
	 * The channel answered for this withdrawal with another amount or currency: its word
	 * cannot be taken, a person must look.
	 */
	CHANNEL_MISMATCH,
	/** A create or query got no answer: the payout may or may not have happened. */
	SUBMIT_UNKNOWN,
	/** The worker made its last call without a final answer. */
	RETRIES_EXHAUSTED,
	/** The channel still says PROCESSING past the limit. */
	PROCESSING_TOO_LONG,
	/** An operator's resolution of a withdrawal that needs attention. */
	RESOLVED_SUCCEEDED, RESOLVED_FAILED

}
