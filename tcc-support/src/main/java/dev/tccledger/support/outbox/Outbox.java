package dev.tccledger.support.outbox;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the notifications of a state change into the service's {@code notification}
 * table, inside the caller's local transaction: through the service's own DataSource, so
 * the rows commit with the state they announce and roll back with it. Nothing is sent
 * here; the {@link NotificationDispatcher} sends after the commit. One row per delivery:
 * an SMS when the event names a phone (and a gateway is configured), one event per
 * webhook subscribed to its type.
 */
public final class Outbox {

	private final NotificationStore store;

	private final ObjectMapper json;

	private final Map<String, List<String>> webhooks;

	private final boolean smsEnabled;

	Outbox(NotificationStore store, ObjectMapper json, Map<String, List<String>> webhooks, boolean smsEnabled) {
		this.store = store;
		this.json = json;
		this.webhooks = Map.copyOf(webhooks);
		this.smsEnabled = smsEnabled;
	}

	/**
	 * Writes the event's notifications. Must run inside the transaction that makes the
	 * state change: outside one a notification could announce a change that then rolls
	 * back, or be lost for one that commits.
	 */
	public void publish(OutboxEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException(
					"notifications are written inside the transaction of the state they announce");
		}
		LocalDateTime now = NotificationStore.now();
		if (this.smsEnabled && event.phone() != null && !event.phone().isBlank() && event.text() != null) {
			this.store.insert(newId(), event.type(), event.subject(), Notification.Channel.SMS, event.phone(),
					event.text(), now);
		}
		for (String url : this.webhooks.getOrDefault(event.type(), List.of())) {
			String id = newId();
			this.store.insert(id, event.type(), event.subject(), Notification.Channel.WEBHOOK, url,
					body(id, event, now.toInstant(ZoneOffset.UTC)), now);
		}
	}

	/** The event id receivers dedupe on: also a valid SMS gateway reference. */
	static String newId() {
		return "ntf-" + UUID.randomUUID();
	}

	private String body(String id, OutboxEvent event, Instant occurredAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("eventId", id);
		body.put("type", event.type());
		body.put("subject", event.subject());
		body.put("occurredAt", occurredAt.toString());
		body.put("data", event.data());
		try {
			return this.json.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("event data is not JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
