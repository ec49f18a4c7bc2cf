package dev.tccledger.benchmark;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tccledger.benchmark.Options.Mode;
import dev.tccledger.benchmark.Tokens.Client;

/**
 * The services' public HTTP API as the benchmark uses it: account set-up, one payment per
 * mode, and the classification of every answer into success or an error key such as
 * {@code 422 INSUFFICIENT_FUNDS}. Every call but the health checks carries a bearer token
 * of the client whose job it is ({@link Tokens}).
 */
final class Api implements AutoCloseable {

	static final ObjectMapper JSON = new ObjectMapper();

	private final Options options;

	private final HttpClient client;

	private final Duration requestTimeout;

	private final Tokens tokens;

	Api(Options options) {
		this.options = options;
		this.requestTimeout = Duration.ofSeconds(options.requestTimeoutSeconds);
		// HTTP/1.1 explicitly: the default HTTP/2 would add an h2c upgrade attempt to
		// cleartext calls.
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(3))
			.build();
		this.tokens = new Tokens(options.authUrl, this.client);
	}

	Tokens tokens() {
		return this.tokens;
	}

	/** No token could be had for a request; counted as an error, not sent. */
	static final class NoToken extends RuntimeException {

		NoToken(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

	/** The answer to one payment: ok, or the error key it is counted under. */
	record Outcome(boolean ok, String error) {

		static final Outcome OK = new Outcome(true, null);

		static Outcome error(String key) {
			return new Outcome(false, key);
		}

	}

	/**
	 * One payment of {@code mode}; {@code id} is unique in the run.
	 * @throws NoToken when the shop's token expired and the issuer gave no new one
	 */
	HttpRequest payment(Mode mode, String id, String payer, String payee) {
		String body;
		String url;
		if (mode == Mode.TCC) {
			url = this.options.orderUrl + "/api/v1/orders";
			body = "{\"orderNo\":\"" + id + "\",\"payeeAccountId\":\"" + payee + "\",\"currency\":\""
					+ this.options.currency + "\",\"legs\":[{\"accountId\":\"" + payer + "\",\"amount\":"
					+ this.options.amountMinor + "}]}";
		}
		else {
			url = this.options.ledgerUrl + "/api/v1/transfers";
			body = "{\"transferId\":\"" + id + "\",\"fromAccountId\":\"" + payer + "\",\"toAccountId\":\"" + payee
					+ "\",\"amount\":" + this.options.amountMinor + "}";
		}
		return post(url, authorization(Client.SHOP), body);
	}

	Outcome send(Mode mode, HttpRequest request) {
		try {
			return classify(mode, this.client.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			return transportError(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.error("INTERRUPTED");
		}
	}

	CompletableFuture<Outcome> sendAsync(Mode mode, HttpRequest request) {
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.handle((response, failure) -> (failure == null) ? classify(mode, response) : transportError(failure));
	}

	/**
	 * Creates an account; the same body again is a 200, so a rerun of set-up is harmless.
	 */
	void createAccount(String accountId, String kind) throws IOException, InterruptedException {
		expect(post(this.options.ledgerUrl + "/api/v1/accounts", this.tokens.authorization(Client.SHOP),
				"{\"accountId\":\"" + accountId + "\",\"kind\":\"" + kind + "\",\"currency\":\"" + this.options.currency
						+ "\"}"),
				"create account " + accountId);
	}

	/**
	 * Funds a payer: a deposit is a manual adjustment, so finance's operator books it.
	 */
	void deposit(String accountId, long amountMinor, String reference) throws IOException, InterruptedException {
		expect(post(this.options.ledgerUrl + "/api/v1/accounts/" + accountId + "/deposits",
				this.tokens.authorization(Client.OPERATOR),
				"{\"amount\":" + amountMinor + ",\"reference\":\"" + reference
						+ "\",\"reason\":\"benchmark: funds for the load of run " + this.options.runId + "\"}"),
				"deposit into " + accountId);
	}

	/**
	 * GET as JSON without a token (the health endpoints are open); {@code null} on any
	 * status but 200 or when the service cannot be reached.
	 */
	JsonNode getJson(String url) {
		return getJson(url, null);
	}

	/**
	 * GET as JSON as {@code as} (no token when null); {@code null} on any status but 200,
	 * when the service cannot be reached or no token could be had.
	 */
	JsonNode getJson(String url, Client as) {
		try {
			String body = getText(url, as);
			return (body != null) ? JSON.readTree(body) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * GET as text as {@code as}; {@code null} on any status but 200, when the service
	 * cannot be reached or no token could be had.
	 */
	String getText(String url, Client as) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
			if (as != null) {
				request.header("Authorization", this.tokens.authorization(as));
			}
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private void expect(HttpRequest request, String what) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 && response.statusCode() != 201) {
			throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
		}
	}

	private String authorization(Client client) {
		try {
			return this.tokens.authorization(client);
		}
		catch (IOException ex) {
			throw new NoToken(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NoToken(ex);
		}
	}

	private HttpRequest post(String url, String authorization, String body) {
		return HttpRequest.newBuilder(URI.create(url))
			.timeout(this.requestTimeout)
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/**
	 * A TCC payment is done only when the order is PAID (201); a 202 PENDING is not yet a
	 * payment and counts as an error. A transfer is done on 201.
	 */
	private static Outcome classify(Mode mode, HttpResponse<String> response) {
		int status = response.statusCode();
		String body = response.body();
		if (status == 201 && (mode == Mode.DIRECT || body.contains("\"status\":\"PAID\""))) {
			return Outcome.OK;
		}
		String code = field(body, (status >= 200 && status < 300) ? "status" : "code");
		return Outcome.error(status + " " + ((code != null) ? code : "-"));
	}

	private static String field(String body, String name) {
		try {
			JsonNode value = JSON.readTree(body).path(name);
			return value.isTextual() ? value.asText() : null;
		}
		catch (IOException | RuntimeException notJson) {
			return null;
		}
	}

	private static Outcome transportError(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HttpTimeoutException) {
			return Outcome.error("CLIENT_TIMEOUT");
		}
		if (cause instanceof ConnectException) {
			return Outcome.error("CONNECT_FAILED");
		}
		return Outcome.error("IO " + cause.getClass().getSimpleName());
	}

	@Override
	public void close() {
		this.tokens.close();
	}

}
