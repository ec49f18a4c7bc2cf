package dev.tccledger.ledger.channel;

/**
 * An operation's state at the channel. Only {@code SUCCEEDED}, {@code FAILED} and
 * {@code EXPIRED} are the channel's word; {@code PROCESSING} settles nothing.
 */
public enum ChannelStatus {

	PROCESSING, SUCCEEDED, FAILED, EXPIRED;

	public boolean isFinal() {
		return this != PROCESSING;
	}

}
