package dev.tccledger.ledger.outbound;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelStatus;

/**
 * What can happen to an outbound operation after its hold: every column of the state
 * table.
 */
public enum OutboundEvent {

	/** The channel's word, by callback or query: paid out or refunded. */
	CHANNEL_SUCCEEDED,
	/** The channel's word, by callback or query, or its refusal of the create. */
	CHANNEL_FAILED,
	/**
	 * The channel answered for this operation with another amount or currency: its word
	 * cannot be taken, a person must look.
	 */
	CHANNEL_MISMATCH,
	/** A create or query got no answer: the money may or may not have happened. */
	SUBMIT_UNKNOWN,
	/** The worker made its last call without a final answer. */
	RETRIES_EXHAUSTED,
	/** The channel still says PROCESSING past the limit. */
	PROCESSING_TOO_LONG,
	/** An operator's resolution of an operation that needs attention. */
	RESOLVED_SUCCEEDED, RESOLVED_FAILED;

	/** The channel's final word as an event of the state table. */
	public static OutboundEvent of(ChannelAnswer answer) {
		return (answer.status() == ChannelStatus.SUCCEEDED) ? CHANNEL_SUCCEEDED : CHANNEL_FAILED;
	}

	/** The reason a final answer gives: null for a success, the channel's code else. */
	public static String reasonOf(ChannelAnswer answer) {
		if (answer.status() == ChannelStatus.SUCCEEDED) {
			return null;
		}
		return (answer.reason() != null) ? answer.reason() : answer.status().name();
	}

}
