package dev.tccledger.support.outbox;

import java.util.Map;

/**
 * A state change people are told about: its type (e.g. {@code RECHARGE_SUCCEEDED}, the
 * key of the webhooks subscribed to it), what it is about (the recharge number), the data
 * a webhook receives, and, when a person has a phone, the text they receive.
 */
public record OutboxEvent(String type, String subject, Map<String, Object> data, String phone, String text) {

	public OutboxEvent {
		if (type == null || !type.matches("[A-Z][A-Z0-9_]{0,39}") || subject == null || subject.isBlank()
				|| subject.length() > 64) {
			throw new IllegalArgumentException(
					"an event needs a type (A-Z, 0-9, _) and a subject: " + type + " " + subject);
		}
		data = Map.copyOf(data);
	}

	public static OutboxEvent of(String type, String subject, Map<String, Object> data) {
		return new OutboxEvent(type, subject, data, null, null);
	}

	/** The same event, also texted to {@code phone} when there is one. */
	public OutboxEvent withSms(String phone, String text) {
		return new OutboxEvent(this.type, this.subject, this.data, phone, text);
	}

}
