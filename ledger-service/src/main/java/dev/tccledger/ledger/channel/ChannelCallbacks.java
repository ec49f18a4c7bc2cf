package dev.tccledger.ledger.channel;

import java.time.Instant;

/**
 * How one channel signs its callbacks: verifies a request as it arrived (the body's bytes
 * untouched) and reads the operation's state from it. Kept apart from
 * {@link PaymentChannel} so that the door of the callback endpoint does not depend on the
 * client that calls the channel.
 */
public interface ChannelCallbacks {

	String channel();

	/**
	 * The verified notification; {@link BadCallback} when the signature, its timestamp or
	 * the body is not what the channel sends.
	 */
	ChannelNotification verify(String timestamp, String signature, byte[] body, Instant now) throws BadCallback;

	/** Why a callback was not believed; nothing is changed for it. */
	class BadCallback extends Exception {

		public enum Verdict {

			/** no, or a wrong, signature: not from the channel, or altered on the way */
			BAD_SIGNATURE,

			/** signed, but its timestamp is outside the tolerance: a replay */
			STALE,

			/** signed and fresh, but not a body the ledger can read */
			MALFORMED

		}

		private final Verdict verdict;

		public BadCallback(Verdict verdict, String message) {
			super(message);
			this.verdict = verdict;
		}

		public Verdict verdict() {
			return this.verdict;
		}

	}

}
