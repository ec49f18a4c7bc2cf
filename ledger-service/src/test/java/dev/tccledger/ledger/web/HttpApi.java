package dev.tccledger.ledger.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.tccledger.ledger.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's HTTP API as a client sees it: real requests over a socket, JSON answers
 * read as trees so that tests assert the exact shape docs/http-api.md promises.
 */
final class HttpApi {

	static final String JSON = "application/json";

	static final String PROBLEM_JSON = "application/problem+json";

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final String base;

	/** The bearer token every request carries; null: none. */
	private final String token;

	/** A client calling as {@link Tokens#TEST_CLIENT} with every scope. */
	HttpApi(int port) {
		this("http://127.0.0.1:" + port, Tokens.everything(Tokens.TEST_CLIENT));
	}

	private HttpApi(String base, String token) {
		this.base = base;
		this.token = token;
	}

	/** The same API called with another bearer token (null: none). */
	HttpApi withToken(String token) {
		return new HttpApi(this.base, token);
	}

	/** The same API called as {@code subject} with every scope. */
	HttpApi as(String subject) {
		return withToken(Tokens.everything(subject));
	}

	/** One answer: status, content type and the body as a JSON tree (missing if none). */
	record Answer(int status, String contentType, String raw, JsonNode body, HttpHeaders headers) {

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " " + this.raw;
		}

	}

	Answer get(String path) {
		return get(path, Map.of());
	}

	Answer get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		headers.forEach(request::header);
		return send(request);
	}

	/** POSTs {@code body} serialized as JSON. */
	Answer post(String path, Object body) {
		return post(path, body, Map.of());
	}

	Answer post(String path, Object body, Map<String, String> headers) {
		return postRaw(path, JSON, BodyPublishers.ofString(write(body)), headers);
	}

	/**
	 * POSTs a body exactly as given; a null content type sends no Content-Type header.
	 */
	Answer postRaw(String path, String contentType, BodyPublisher body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		headers.forEach(request::header);
		return send(request);
	}

	/**
	 * The JSON tree of a value, read back from its text so that numbers compare equal to
	 * those of an answer.
	 */
	JsonNode tree(Object value) {
		return parse(write(value));
	}

	/** The JSON text of a value; a {@code RawValue} is written as it is. */
	static String write(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	/** Any method, with a JSON body or none (null). */
	Answer send(String method, String path, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, (body != null) ? BodyPublishers.ofString(write(body)) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", JSON);
		}
		headers.forEach(request::header);
		return send(request);
	}

	private Answer send(HttpRequest.Builder request) {
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse(null);
			return new Answer(response.statusCode(), contentType, response.body(), parse(response.body()),
					response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isEmpty()) {
			return MissingNode.getInstance();
		}
		try {
			return MAPPER.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return MissingNode.getInstance();
		}
	}

	/** Asserts a JSON answer with this status. */
	static JsonNode assertJson(Answer answer, int status) {
		assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
		assertThat(answer.contentType()).as("content type of %s", answer).startsWith(JSON);
		assertThat(answer.body().isMissingNode()).as("a JSON body in %s", answer).isFalse();
		return answer.body();
	}

	/**
	 * Asserts an RFC 9457 problem with this status and code, carrying every field
	 * docs/http-api.md promises.
	 */
	static JsonNode assertProblem(Answer answer, int status, String code) {
		assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
		assertThat(answer.contentType()).as("content type of %s", answer).startsWith(PROBLEM_JSON);
		JsonNode problem = answer.body();
		assertThat(problem.path("code").asText()).as("code of %s", answer).isEqualTo(code);
		assertThat(problem.path("status").isInt()).as("status field of %s", answer).isTrue();
		assertThat(problem.path("status").asInt()).as("status field of %s", answer).isEqualTo(status);
		assertThat(problem.path("type").asText()).as("type of %s", answer).isNotBlank();
		assertThat(problem.path("title").asText()).as("title of %s", answer).isNotBlank();
		assertThat(problem.path("detail").isTextual()).as("detail of %s", answer).isTrue();
		assertThat(problem.path("detail").asText()).as("detail of %s", answer).isNotBlank();
		return problem;
	}

}
