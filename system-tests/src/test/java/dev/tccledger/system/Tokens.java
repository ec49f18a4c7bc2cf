package dev.tccledger.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Access tokens from a system's auth-server, got the way a real client gets them: client
 * credentials over HTTP ({@code POST /oauth2/token}, HTTP Basic {@code client:secret}),
 * each kept until shortly before it expires. The tests call each endpoint as the client
 * whose scopes it needs: demo-shop for orders and accounts, finance-operator for deposits
 * and sweeps, and so on.
 */
final class Tokens {

	/**
	 * The User-Agent of every token request sent from here, so that the auth-server's
	 * access log tells them from the services' own.
	 */
	static final String USER_AGENT = "tcc-ledger-system-tests";

	/** A development client of the auth-server; its secret is {@code <id>-secret}. */
	enum Client {

		/** orders:write orders:read ledger:accounts ledger:transfer */
		DEMO_SHOP("demo-shop"),
		/** finance:read */
		FINANCE_VIEWER("finance-viewer"),
		/** finance:read finance:operate: deposits, sweeps, anomaly resolutions */
		FINANCE_OPERATOR("finance-operator"),
		/** ops:faults */
		OPS("ops"),
		/** ops:metrics: /actuator/prometheus only */
		PROMETHEUS("prometheus");

		final String id;

		Client(String id) {
			this.id = id;
		}

	}

	/** A token is renewed once this little of its life is left (or a third of it). */
	private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private final URI tokenUri;

	private final Map<Client, Token> cached = new EnumMap<>(Client.class);

	/** An access token and when this client stops using it. */
	record Token(String value, Instant renewAt) {
	}

	Tokens(String issuer) {
		this.tokenUri = URI.create(issuer + "/oauth2/token");
	}

	/** A token of {@code client}: the one held, unless it is about to expire. */
	synchronized String of(Client client) {
		Token token = this.cached.get(client);
		if (token == null || !Instant.now().isBefore(token.renewAt())) {
			token = fetch(client);
			this.cached.put(client, token);
		}
		return token.value();
	}

	/**
	 * A new token of {@code client}, whatever is held; fails unless the auth-server
	 * issues one.
	 */
	synchronized String fresh(Client client) {
		Token token = fetch(client);
		this.cached.put(client, token);
		return token.value();
	}

	/**
	 * Drops every token held: after the auth-server restarted with a new signing key,
	 * they no longer verify.
	 */
	synchronized void forget() {
		this.cached.clear();
	}

	private Token fetch(Client client) {
		String basic = Base64.getEncoder()
			.encodeToString((client.id + ":" + client.id + "-secret").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(this.tokenUri)
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("User-Agent", USER_AGENT)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		Instant asked = Instant.now();
		HttpResponse<String> response;
		try {
			response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new Http.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		JsonNode body;
		try {
			body = Http.JSON.readTree(response.body());
		}
		catch (IOException ex) {
			body = Http.JSON.nullNode();
		}
		if (response.statusCode() != 200 || !body.path("access_token").isTextual()
				|| !body.path("expires_in").canConvertToLong()) {
			throw new IllegalStateException(
					"no token for " + client.id + ": " + response.statusCode() + " " + response.body());
		}
		Duration life = Duration.ofSeconds(body.path("expires_in").asLong());
		Duration renewBefore = (life.dividedBy(3).compareTo(RENEW_BEFORE) < 0) ? life.dividedBy(3) : RENEW_BEFORE;
		return new Token(body.path("access_token").asText(), asked.plus(life).minus(renewBefore));
	}

}
