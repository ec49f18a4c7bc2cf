package dev.tccledger.ledger.recharge;

import dev.tccledger.ledger.channel.ChannelStatus;

/**
 * What the channel said about a recharge's payment, by callback, query or create answer.
 */
enum RechargeEvent {

	/** the customer paid: the channel holds the money */
	CHANNEL_SUCCEEDED,

	/** the customer declined, or the payment failed */
	CHANNEL_FAILED,

	/** the channel's payment expired unpaid */
	CHANNEL_EXPIRED,

	/** the channel refused the create definitively (4xx): no payment exists */
	CREATE_REFUSED,

	/** past the payment's expiry, a query answers that the channel never heard of it */
	UNKNOWN_AFTER_EXPIRY;

	/** The event a final channel status stands for. */
	static RechargeEvent of(ChannelStatus status) {
		return switch (status) {
			case SUCCEEDED -> CHANNEL_SUCCEEDED;
			case FAILED -> CHANNEL_FAILED;
			case EXPIRED -> CHANNEL_EXPIRED;
			case PROCESSING -> throw new IllegalArgumentException("PROCESSING settles nothing");
		};
	}

	boolean paid() {
		return this == CHANNEL_SUCCEEDED;
	}

}
