package dev.tccledger.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A JSON client for the services' public HTTP APIs. */
final class Http {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	record Response(int status, JsonNode body, String raw, String contentType, HttpHeaders headers) {

		/** An answer without headers (one not read from the network). */
		Response(int status, JsonNode body, String raw, String contentType) {
			this(status, body, raw, contentType, HttpHeaders.of(Map.of(), (name, value) -> true));
		}

		/** The first value of a response header, or null. */
		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		String text(String field) {
			JsonNode node = this.body.path(field);
			return node.isMissingNode() || node.isNull() ? null : node.asText();
		}

		/** A whole number the answer must carry: a missing or non-numeric field fails. */
		long number(String field) {
			JsonNode node = this.body.path(field);
			if (!node.isIntegralNumber()) {
				throw new AssertionError("no number " + field + " in " + this);
			}
			return node.asLong();
		}

		/** This answer, after failing unless its status is {@code expected}. */
		Response expect(int expected) {
			if (this.status != expected) {
				throw new AssertionError("expected HTTP " + expected + " but got " + this);
			}
			return this;
		}

		@Override
		public String toString() {
			return this.status + " " + this.raw;
		}

	}

	private Http() {
	}

	static Response get(String url) {
		return get(url, null);
	}

	static Response post(String url, Object body) {
		return post(url, body, null);
	}

	static Response put(String url, Object body) {
		return put(url, body, null);
	}

	static Response delete(String url) {
		return delete(url, null);
	}

	/**
	 * The same calls as a client holding an access token ({@link Tokens}); a null token
	 * sends no Authorization header.
	 */
	static Response get(String url, String token) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
	}

	static Response post(String url, Object body, String token) {
		return send(json(url).POST(HttpRequest.BodyPublishers.ofString(write(body))), token);
	}

	/**
	 * A raw body sent as it is, with these headers and no token (a channel's callback).
	 */
	static Response postWithHeaders(String url, String body, Map<String, String> headers) {
		HttpRequest.Builder request = json(url).POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return send(request, null);
	}

	static Response put(String url, Object body, String token) {
		return send(json(url).PUT(HttpRequest.BodyPublishers.ofString(write(body))), token);
	}

	static Response delete(String url, String token) {
		return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
	}

	private static HttpRequest.Builder json(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
	}

	private static String write(Object body) {
		try {
			return (body instanceof String s) ? s : JSON.writeValueAsString(body);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static Response send(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			String raw = response.body();
			JsonNode body = (raw == null || raw.isBlank()) ? JSON.nullNode() : parse(raw);
			return new Response(response.statusCode(), body, raw,
					response.headers().firstValue("Content-Type").orElse(""), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String raw) {
		try {
			return JSON.readTree(raw);
		}
		catch (IOException notJson) {
			return JSON.getNodeFactory().textNode(raw);
		}
	}

	static final class UncheckedIOException extends RuntimeException {

		UncheckedIOException(IOException cause) {
			super(cause);
		}

	}

}
