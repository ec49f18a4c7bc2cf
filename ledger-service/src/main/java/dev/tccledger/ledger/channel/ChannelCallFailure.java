package dev.tccledger.ledger.channel;

/**
 * A call to the channel that did not return an answer. What the caller may do next
 * depends on the kind, never on a guess: only {@code NOT_SENT} proves the channel did
 * nothing.
 */
public class ChannelCallFailure extends Exception {

	public enum Kind {

		/**
		 * The request never reached the channel (connection refused): safe to send again.
		 */
		NOT_SENT,

		/**
		 * Sent, but no answer (read timeout, connection reset, 5xx): it may have been
		 * executed. Send again with the same reference (idempotent) or query; never
		 * release or refund on this.
		 */
		OUTCOME_UNKNOWN,

		/** The channel refused it definitively (4xx with its code): nothing was done. */
		REFUSED

	}

	private final Kind kind;

	private final String channelCode;

	public ChannelCallFailure(Kind kind, String channelCode, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.channelCode = channelCode;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The channel's error code for {@code REFUSED}; null otherwise. */
	public String channelCode() {
		return this.channelCode;
	}

}
