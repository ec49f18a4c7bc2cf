package dev.tccledger.support.outbox;

import java.time.Instant;

/**
 * One notification row as the API shows it (the payload stays in the table: a person
 * deciding to re-drive needs where it goes and why it failed, not the text).
 */
public record Notification(String id, String type, String subject, Channel channel, String destination,
		NotificationStatus status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
		Instant sentAt, String redrivenBy, Instant redrivenAt) {

	/** How a notification goes out. Stored by name. */
	public enum Channel {

		/** A text message through the SMS gateway. */
		SMS,

		/** A signed JSON event to a subscriber's URL. */
		WEBHOOK

	}

}
