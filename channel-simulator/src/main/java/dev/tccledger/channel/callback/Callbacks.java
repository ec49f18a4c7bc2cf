package dev.tccledger.channel.callback;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/**
 * Where a settlement hands its callback over: stored in the settlement's transaction, so
 * a callback is never lost between settling and calling back; {@link CallbackSender}
 * delivers it.
 */
@Component
public class Callbacks {

	private final Deliveries deliveries;

	private final ObjectMapper json;

	Callbacks(Deliveries deliveries, ObjectMapper json) {
		this.deliveries = deliveries;
		this.json = json;
	}

	/**
	 * {@code copies} deliveries of the same event (0: lost, 2: duplicated), the first
	 * attempt of each at {@code firstAttemptAt}.
	 */
	public void enqueue(String merchant, String notifyUrl, CallbackEvent event, int copies, Instant firstAttemptAt) {
		String body;
		try {
			body = this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		for (int copy = 0; copy < copies; copy++) {
			this.deliveries.insert(event.eventId(), merchant, notifyUrl, body, firstAttemptAt);
		}
	}

}
