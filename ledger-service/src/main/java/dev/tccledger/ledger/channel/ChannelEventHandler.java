package dev.tccledger.ledger.channel;

/**
 * Settles the ledger's side of one kind of channel operation from the channel's word (a
 * verified callback or a query answer). Implementations are idempotent: the same final
 * state arriving twice, late or out of order changes nothing the second time.
 */
public interface ChannelEventHandler {

	ChannelOperation operation();

	/** What the notification did, for the callback record and the metrics. */
	HandlingResult handle(ChannelNotification notification);

	enum HandlingResult {

		/** The ledger moved to the channel's final state. */
		SETTLED,

		/** Already in that state: a duplicate or a redelivery. */
		ALREADY_SETTLED,

		/** Not final (PROCESSING): nothing to do. */
		NOT_FINAL,

		/**
		 * The ledger knows no operation with this reference, or it contradicts what the
		 * ledger holds (amount, currency, a final state already the other way): nothing
		 * changed, recorded for finance.
		 */
		REJECTED

	}

}
