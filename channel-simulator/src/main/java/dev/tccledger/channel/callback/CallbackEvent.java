package dev.tccledger.channel.callback;

import java.time.Instant;

/**
 * The body of a callback, field for field as the merchant receives it.
 *
 * @param eventId the same on every delivery of one settlement (duplicates included)
 * @param type PAYMENT, PAYOUT or REFUND
 * @param channelTxId the channel's id of the operation
 * @param reference the merchant's reference
 * @param amount minor units
 * @param currency ISO 4217
 * @param status SUCCEEDED, FAILED or EXPIRED
 * @param reason why it failed or expired; null when it succeeded
 * @param occurredAt when it settled
 */
public record CallbackEvent(String eventId, String type, String channelTxId, String reference, long amount,
		String currency, String status, String reason, Instant occurredAt) {

}
