package dev.tccledger.ledger.channel;

/**
 * A callback from the channel whose signature verified: the operation's new state and the
 * channel's event id (the same on every redelivery of one event).
 */
public record ChannelNotification(String channel, String eventId, ChannelAnswer answer) {
}
