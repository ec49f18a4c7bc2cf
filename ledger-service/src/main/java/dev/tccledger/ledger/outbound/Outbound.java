package dev.tccledger.ledger.outbound;

import dev.tccledger.ledger.channel.ChannelAnswer;

/**
 * One outbound operation as the machine sees it, whatever its kind: the number it is
 * known by at the channel, the channel, the account whose frozen holds the amount, and
 * where it stands.
 */
public record Outbound(String no, String channel, String accountId, long amount, String currency,
		OutboundStatus status) {

	/** The channel answered for this operation: same amount, same currency. */
	public boolean matches(ChannelAnswer answer) {
		return answer.amount() == this.amount && this.currency.equals(answer.currency());
	}

}
