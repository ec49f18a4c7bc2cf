package dev.tccledger.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bearer tokens from the issuer by client credentials, one per client, kept until a fifth
 * of their life is left and then replaced in the background: a run of any length never
 * sends an expired token, and no payment waits for the issuer after the first. Only when
 * a token is about to expire (a tenth of its life, at most {@link #EXPIRY_MARGIN}, left:
 * the background fetch failed or is late) does the caller fetch one itself.
 */
final class Tokens implements AutoCloseable {

	/**
	 * The development clients the benchmark calls as, each secret {@code <id>-secret}.
	 */
	enum Client {

		/** Accounts, orders and transfers: what a shop does. */
		SHOP("demo-shop", "ledger:accounts ledger:transfer orders:write"),

		/** The payers' funding deposits, manual adjustments. */
		OPERATOR("finance-operator", "finance:operate"),

		/** The reconciliation after the run. */
		VIEWER("finance-viewer", "finance:read"),

		/** The services' CPU time from their metrics. */
		METRICS("prometheus", "ops:metrics");

		final String id;

		final String scopes;

		Client(String id, String scopes) {
			this.id = id;
			this.scopes = scopes;
		}

	}

	private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

	private record Token(String value, long refreshAtNanos, long staleAtNanos) {

	}

	private final String tokenUrl;

	private final HttpClient http;

	private final Map<Client, Token> tokens = new ConcurrentHashMap<>();

	private final Map<Client, AtomicBoolean> refreshing = new ConcurrentHashMap<>();

	private final ExecutorService background = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "bench-tokens");
		thread.setDaemon(true);
		return thread;
	});

	private final LongAdder fetched = new LongAdder();

	Tokens(String issuerUrl, HttpClient http) {
		this.tokenUrl = issuerUrl + "/oauth2/token";
		this.http = http;
	}

	/** {@code Bearer <token>} for {@code client}, fetched if there is none yet. */
	String authorization(Client client) throws IOException, InterruptedException {
		Token token = this.tokens.get(client);
		long now = System.nanoTime();
		if (token == null || now - token.staleAtNanos >= 0) {
			token = fetchNow(client);
		}
		else if (now - token.refreshAtNanos >= 0) {
			refreshInBackground(client);
		}
		return "Bearer " + token.value;
	}

	/** How many tokens were fetched from the issuer so far. */
	long fetched() {
		return this.fetched.sum();
	}

	String tokenUrl() {
		return this.tokenUrl;
	}

	private synchronized Token fetchNow(Client client) throws IOException, InterruptedException {
		Token token = this.tokens.get(client);
		if (token != null && System.nanoTime() - token.staleAtNanos < 0) {
			// another caller fetched it meanwhile
			return token;
		}
		return fetch(client);
	}

	private void refreshInBackground(Client client) {
		AtomicBoolean busy = this.refreshing.computeIfAbsent(client, (c) -> new AtomicBoolean());
		if (!busy.compareAndSet(false, true)) {
			return;
		}
		this.background.execute(() -> {
			try {
				fetch(client);
			}
			catch (IOException ex) {
				// the token in hand is still good; the next call past the refresh time
				// tries
				// again
				System.err.println("bench: refreshing the token of " + client.id + " failed: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				busy.set(false);
			}
		});
	}

	private Token fetch(Client client) throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((client.id + ":" + client.id + "-secret").getBytes(StandardCharsets.UTF_8));
		// narrowed to what the benchmark does with it, as a least-privilege client asks
		String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(client.scopes, StandardCharsets.UTF_8);
		long asked = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(URI.create(this.tokenUrl))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IOException("no token for " + client.id + ": the issuer at " + this.tokenUrl
					+ " cannot be reached (" + ex + "); start the system with ./run.sh, or set AUTH_URL / --auth-url",
					ex);
		}
		JsonNode body = parse(response.body());
		String value = (body != null) ? body.path("access_token").asText(null) : null;
		long lifeSeconds = (body != null) ? body.path("expires_in").asLong(0) : 0;
		if (response.statusCode() != 200 || value == null || lifeSeconds <= 0) {
			throw new IOException("no token for " + client.id + " (scopes " + client.scopes + ") from " + this.tokenUrl
					+ ": HTTP " + response.statusCode() + " " + response.body());
		}
		// counted from the request, so the issuer's clock and the trip there cost nothing
		long life = TimeUnit.SECONDS.toNanos(lifeSeconds);
		long margin = Math.min(EXPIRY_MARGIN.toNanos(), life / 10);
		Token token = new Token(value, asked + life * 4 / 5, asked + life - margin);
		this.tokens.put(client, token);
		this.fetched.increment();
		return token;
	}

	private static JsonNode parse(String body) {
		try {
			return Api.JSON.readTree(body);
		}
		catch (IOException notJson) {
			return null;
		}
	}

	@Override
	public void close() {
		this.background.shutdownNow();
	}

}
