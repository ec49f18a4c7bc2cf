package dev.tccledger.ledger.channel;

/** What the ledger asked the channel to do. */
public enum ChannelOperation {

	PAYMENT, PAYOUT, REFUND

}
