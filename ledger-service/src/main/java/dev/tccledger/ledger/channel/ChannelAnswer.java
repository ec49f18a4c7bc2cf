package dev.tccledger.ledger.channel;

import java.time.Instant;

/**
 * One operation as the channel reports it, from a create's answer, a query or a callback.
 * {@code reason} is the channel's own code for a failure; {@code settledAt} is null while
 * it is processing.
 */
public record ChannelAnswer(ChannelOperation operation, String channelTxId, String reference, long amount,
		String currency, ChannelStatus status, String reason, Instant settledAt) {
}
