package dev.tccledger.support.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Makes one delivery attempt: an SMS to the gateway ({@code POST /sim/v1/sms}, the row's
 * id as the gateway's {@code reference}, which it records once), or an event to a
 * webhook, signed like the channel signs its callbacks: {@code X-Notification-Signature}
 * is the hex HMAC-SHA256 of {@code timestamp + "." + body} under the webhook secret, with
 * {@code X-Notification-Timestamp} (epoch seconds) and {@code X-Notification-Id} (the
 * event id to dedupe on). Never throws: every failure is a {@link RetryPolicy.Delivery}.
 */
public class NotificationSender {

	public static final String ID_HEADER = "X-Notification-Id";

	public static final String TIMESTAMP_HEADER = "X-Notification-Timestamp";

	public static final String SIGNATURE_HEADER = "X-Notification-Signature";

	private final HttpClient http;

	private final Duration timeout;

	private final String smsBaseUrl;

	private final String smsMerchantKey;

	private final String webhookSecret;

	private final ObjectMapper json;

	private final Clock clock;

	NotificationSender(Duration timeout, String smsBaseUrl, String smsMerchantKey, String webhookSecret,
			ObjectMapper json, Clock clock) {
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.timeout = timeout;
		this.smsBaseUrl = smsBaseUrl;
		this.smsMerchantKey = smsMerchantKey;
		this.webhookSecret = webhookSecret;
		this.json = json;
		this.clock = clock;
	}

	RetryPolicy.Delivery send(NotificationStore.Due row) {
		try {
			HttpRequest request = switch (row.channel()) {
				case SMS -> sms(row);
				case WEBHOOK -> webhook(row);
			};
			if (request == null) {
				return RetryPolicy.Delivery.failed(row.channel() + " is not configured on this instance");
			}
			HttpResponse<String> answer = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return RetryPolicy.Delivery.ofStatus(answer.statusCode(), abbreviate(answer.body()));
		}
		catch (IOException | IllegalArgumentException ex) {
			return RetryPolicy.Delivery.failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return RetryPolicy.Delivery.failed("interrupted");
		}
	}

	private HttpRequest sms(NotificationStore.Due row) throws JsonProcessingException {
		if (this.smsBaseUrl == null) {
			return null;
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("to", row.destination());
		body.put("text", row.payload());
		body.put("reference", row.id());
		return HttpRequest.newBuilder(URI.create(this.smsBaseUrl + "/sim/v1/sms"))
			.timeout(this.timeout)
			.header("Authorization", "Bearer " + this.smsMerchantKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)))
			.build();
	}

	private HttpRequest webhook(NotificationStore.Due row) {
		if (this.webhookSecret == null) {
			return null;
		}
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		return HttpRequest.newBuilder(URI.create(row.destination()))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header(ID_HEADER, row.id())
			.header(TIMESTAMP_HEADER, timestamp)
			.header(SIGNATURE_HEADER, sign(this.webhookSecret, timestamp, row.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(row.payload()))
			.build();
	}

	/** What a receiver computes to check a webhook: hex HMAC-SHA256 of timestamp.body. */
	public static String sign(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private static String abbreviate(String body) {
		return (body == null || body.length() <= 200) ? body : body.substring(0, 200);
	}

}
