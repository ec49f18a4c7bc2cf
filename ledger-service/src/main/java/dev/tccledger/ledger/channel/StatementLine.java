package dev.tccledger.ledger.channel;

import java.time.Instant;

/**
 * One line of a channel's daily statement: an operation the channel settled that day, as
 * the channel saw it. {@code reference} is the ledger's own number (rechargeNo,
 * withdrawalNo, refund number), which is what the ledger matches on.
 */
public record StatementLine(ChannelOperation operation, String reference, String channelTxId, long amount,
		String currency, ChannelStatus status, Instant settledAt) {
}
