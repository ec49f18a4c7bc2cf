package dev.tccledger.ledger.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The channel {@code sim} (the channel-simulator process) over HTTP. Every failure is
 * classified by what it proves: a refused connection proves nothing was sent; a timeout,
 * a reset or a 5xx leaves the outcome unknown; a 4xx problem is the channel's definitive
 * refusal, with its code.
 */
public class SimulatorChannel implements PaymentChannel {

	public static final String NAME = "sim";

	/** Channel JSON may gain fields, as a provider's does: read what we need only. */
	static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
			false);

	private final RestClient http;

	private final String notifyUrl;

	private final long paymentExpiresInSeconds;

	public SimulatorChannel(String baseUrl, String merchantKey, String notifyBaseUrl, Duration connectTimeout,
			Duration readTimeout, long paymentExpiresInSeconds) {
		this.http = http(baseUrl, merchantKey, connectTimeout, readTimeout);
		this.notifyUrl = notifyBaseUrl + "/api/v1/channels/" + NAME + "/notifications";
		this.paymentExpiresInSeconds = paymentExpiresInSeconds;
	}

	/** The simulator's merchant API, as the ledger's calls to it are made. */
	static RestClient http(String baseUrl, String merchantKey, Duration connectTimeout, Duration readTimeout) {
		// the JDK client, not HttpURLConnection: that one sends a POST again by itself
		// when a connection drops, a retry the ledger would not know it made
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build());
		requests.setReadTimeout(readTimeout);
		return RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(requests)
			.defaultHeader("Authorization", "Bearer " + merchantKey)
			.build();
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public ChannelAnswer createPayment(String reference, long amount, String currency) throws ChannelCallFailure {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reference", reference);
		body.put("amount", amount);
		body.put("currency", currency);
		body.put("notifyUrl", this.notifyUrl);
		body.put("expiresInSeconds", this.paymentExpiresInSeconds);
		return create("/sim/v1/payments", body);
	}

	@Override
	public ChannelAnswer createPayout(String reference, long amount, String currency, String destination)
			throws ChannelCallFailure {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reference", reference);
		body.put("amount", amount);
		body.put("currency", currency);
		body.put("destination", destination);
		body.put("notifyUrl", this.notifyUrl);
		return create("/sim/v1/payouts", body);
	}

	@Override
	public ChannelAnswer createRefund(String reference, String paymentReference, long amount, String currency)
			throws ChannelCallFailure {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reference", reference);
		body.put("paymentReference", paymentReference);
		body.put("amount", amount);
		body.put("currency", currency);
		body.put("notifyUrl", this.notifyUrl);
		return create("/sim/v1/refunds", body);
	}

	@Override
	public Optional<ChannelAnswer> query(ChannelOperation operation, String reference) throws ChannelCallFailure {
		String path = "/sim/v1/" + collection(operation) + "?reference="
				+ URLEncoder.encode(reference, StandardCharsets.UTF_8);
		try {
			return Optional.of(call(() -> this.http.get().uri(path).retrieve().body(String.class)));
		}
		catch (ChannelCallFailure failure) {
			if (failure.kind() == ChannelCallFailure.Kind.REFUSED && "NOT_FOUND".equals(failure.channelCode())) {
				return Optional.empty();
			}
			throw failure;
		}
	}

	private ChannelAnswer create(String path, Map<String, Object> body) throws ChannelCallFailure {
		return call(() -> this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(String.class));
	}

	private interface Exchange {

		String run();

	}

	private static ChannelAnswer call(Exchange exchange) throws ChannelCallFailure {
		String answer;
		try {
			answer = exchange.run();
		}
		catch (RestClientResponseException status) {
			throw classify(status.getStatusCode(), status.getResponseBodyAsString(), status);
		}
		catch (RestClientException io) {
			// a refused connection: the channel never saw the request. Anything else
			// (timeout, reset, half-written answer) happened after it may have acted.
			ChannelCallFailure.Kind kind = refusedConnection(io) ? ChannelCallFailure.Kind.NOT_SENT
					: ChannelCallFailure.Kind.OUTCOME_UNKNOWN;
			throw new ChannelCallFailure(kind, null, "channel sim: " + io.getMessage(), io);
		}
		try {
			return parse(JSON.readTree(answer));
		}
		catch (IOException | RuntimeException unreadable) {
			// it answered 2xx, so it acted, but we cannot tell how: look it up
			throw new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null,
					"channel sim answered what the ledger cannot read: " + unreadable.getMessage(), unreadable);
		}
	}

	/**
	 * No connection was made (refused, or the handshake timed out; the JDK names both a
	 * ConnectException), so no byte of the request left.
	 */
	private static boolean refusedConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

	static ChannelCallFailure classify(HttpStatusCode status, String body, Exception cause) {
		if (status.is4xxClientError()) {
			String code = "HTTP_" + status.value();
			try {
				JsonNode problem = JSON.readTree(body);
				if (problem != null && problem.path("code").isTextual()) {
					code = problem.path("code").asText();
				}
			}
			catch (IOException notJson) {
				// the status alone is the channel's word
			}
			return new ChannelCallFailure(ChannelCallFailure.Kind.REFUSED, code,
					"channel sim refused with " + status.value() + " " + code, cause);
		}
		return new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null,
				"channel sim answered " + status.value(), cause);
	}

	/** An operation as the simulator writes it, in answers and callbacks alike. */
	static ChannelAnswer parse(JsonNode op) {
		return new ChannelAnswer(ChannelOperation.valueOf(op.path("type").asText()), text(op, "channelTxId"),
				text(op, "reference"), op.path("amount").asLong(), text(op, "currency"),
				ChannelStatus.valueOf(op.path("status").asText()), text(op, "reason"), instant(op, "settledAt"));
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

	static Instant instant(JsonNode node, String field) {
		String value = text(node, field);
		return (value != null) ? Instant.parse(value) : null;
	}

	private static String collection(ChannelOperation operation) {
		return switch (operation) {
			case PAYMENT -> "payments";
			case PAYOUT -> "payouts";
			case REFUND -> "refunds";
		};
	}

}
