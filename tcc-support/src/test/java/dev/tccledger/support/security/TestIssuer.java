package dev.tccledger.support.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for tests, in process: it serves an OpenID discovery document, its JWK
 * set and a client-credentials token endpoint over real HTTP, and mints tokens, right
 * ones and each kind of wrong one a resource server must refuse. Tests point a service's
 * {@code issuer-uri} at {@link #uri()}.
 */
public final class TestIssuer implements AutoCloseable {

	private final HttpServer server;

	private final String uri;

	private final RSAKey key;

	private final RSAKey strangerKey;

	private final Map<String, List<String>> clients = new ConcurrentHashMap<>();

	private final AtomicInteger tokensIssued = new AtomicInteger();

	private volatile Duration tokenTtl = Duration.ofMinutes(5);

	private volatile List<String> audience = List.of("ledger-service", "order-service", "inventory-service");

	public TestIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
			this.strangerKey = new RSAKeyGenerator(2048).keyID(this.key.getKeyID()).generate();
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.uri = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/.well-known/openid-configuration",
				(exchange) -> answer(exchange, 200, "{\"issuer\":\"" + this.uri + "\",\"jwks_uri\":\"" + this.uri
						+ "/jwks\",\"token_endpoint\":\"" + this.uri + "/oauth2/token\"}"));
		this.server.createContext("/jwks",
				(exchange) -> answer(exchange, 200, new JWKSet(this.key.toPublicJWK()).toString()));
		this.server.createContext("/oauth2/token", this::token);
		this.server.start();
	}

	public String uri() {
		return this.uri;
	}

	/** A client the token endpoint knows, with secret {@code <id>-secret}. */
	public TestIssuer client(String clientId, String... scopes) {
		this.clients.put(clientId, List.of(scopes));
		return this;
	}

	public TestIssuer tokenTtl(Duration ttl) {
		this.tokenTtl = ttl;
		return this;
	}

	public TestIssuer audience(String... audience) {
		this.audience = List.of(audience);
		return this;
	}

	/** How many tokens the token endpoint has issued. */
	public int tokensIssued() {
		return this.tokensIssued.get();
	}

	/**
	 * A right token for {@code subject} with {@code scopes}: signed, this issuer, all
	 * audiences, 5 minutes.
	 */
	public String token(String subject, String... scopes) {
		return mint(subject, scopes).sign();
	}

	/** A token to be spoiled one way before signing. */
	public Mint mint(String subject, String... scopes) {
		return new Mint(subject, String.join(" ", scopes));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void token(HttpExchange exchange) throws IOException {
		String basic = exchange.getRequestHeaders().getFirst("Authorization");
		String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> fields = new HashMap<>();
		for (String pair : form.split("&")) {
			String[] kv = pair.split("=", 2);
			if (kv.length == 2) {
				fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
						URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
			}
		}
		String clientId = null;
		if (basic != null && basic.startsWith("Basic ")) {
			String[] idSecret = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
				.split(":", 2);
			if (idSecret.length == 2 && this.clients.containsKey(idSecret[0])
					&& (idSecret[0] + "-secret").equals(idSecret[1])) {
				clientId = idSecret[0];
			}
		}
		if (clientId == null || !"client_credentials".equals(fields.get("grant_type"))) {
			answer(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		String scopes = String.join(" ", this.clients.get(clientId));
		String token = new Mint(clientId, scopes).sign();
		this.tokensIssued.incrementAndGet();
		answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
				+ this.tokenTtl.toSeconds() + ",\"scope\":\"" + scopes + "\"}");
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Every way a token can be wrong that a resource server must refuse with 401, minted
	 * with the scopes the endpoint would accept, so that only the defect refuses it.
	 */
	public enum Defect {

		EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, WRONG_KEY, ALG_NONE, TAMPERED;

		public String token(TestIssuer issuer, String subject, String... rightScopes) {
			return switch (this) {
				case EXPIRED -> issuer.mint(subject, rightScopes).expired().sign();
				case NOT_YET_VALID -> issuer.mint(subject, rightScopes).notYetValid().sign();
				case WRONG_ISSUER -> issuer.mint(subject, rightScopes).issuer("http://127.0.0.1:1/elsewhere").sign();
				case WRONG_AUDIENCE -> issuer.mint(subject, rightScopes).audience("somebody-else").sign();
				case WRONG_KEY -> issuer.mint(subject, rightScopes).strangerKey().sign();
				case ALG_NONE -> issuer.mint(subject, rightScopes).unsigned().sign();
				// signed with no scope, then every scope written into the payload
				case TAMPERED -> issuer.mint(subject).tampered().sign();
			};
		}

	}

	/** One token being made; each method spoils it one way. */
	public final class Mint {

		private final Map<String, Object> claims = new LinkedHashMap<>();

		private RSAKey signingKey = TestIssuer.this.key;

		private boolean unsigned;

		private boolean tampered;

		private Mint(String subject, String scope) {
			Instant now = Instant.now();
			this.claims.put("iss", TestIssuer.this.uri);
			this.claims.put("sub", subject);
			this.claims.put("aud", TestIssuer.this.audience);
			this.claims.put("iat", Date.from(now));
			this.claims.put("nbf", Date.from(now));
			this.claims.put("exp", Date.from(now.plus(TestIssuer.this.tokenTtl)));
			this.claims.put("scope", scope);
			this.claims.put("jti", UUID.randomUUID().toString());
		}

		public Mint expired() {
			this.claims.put("iat", Date.from(Instant.now().minus(Duration.ofMinutes(20))));
			this.claims.put("nbf", Date.from(Instant.now().minus(Duration.ofMinutes(20))));
			this.claims.put("exp", Date.from(Instant.now().minus(Duration.ofMinutes(10))));
			return this;
		}

		public Mint notYetValid() {
			this.claims.put("nbf", Date.from(Instant.now().plus(Duration.ofMinutes(10))));
			this.claims.put("exp", Date.from(Instant.now().plus(Duration.ofMinutes(20))));
			return this;
		}

		public Mint issuer(String issuer) {
			this.claims.put("iss", issuer);
			return this;
		}

		public Mint audience(String... audience) {
			this.claims.put("aud", Arrays.asList(audience));
			return this;
		}

		public Mint withoutExpiry() {
			this.claims.remove("exp");
			return this;
		}

		/** Signed by a key the issuer does not publish, under the published key's id. */
		public Mint strangerKey() {
			this.signingKey = TestIssuer.this.strangerKey;
			return this;
		}

		/** {@code alg: none}, no signature. */
		public Mint unsigned() {
			this.unsigned = true;
			return this;
		}

		/**
		 * Signed, then the payload's scope rewritten (the signature no longer matches).
		 */
		public Mint tampered() {
			this.tampered = true;
			return this;
		}

		public String sign() {
			JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
			this.claims.forEach(builder::claim);
			JWTClaimsSet set = builder.build();
			if (this.unsigned) {
				return new PlainJWT(set).serialize();
			}
			try {
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.signingKey.getKeyID())
							.type(JOSEObjectType.JWT)
							.build(),
						set);
				jwt.sign(new RSASSASigner(this.signingKey));
				String token = jwt.serialize();
				if (!this.tampered) {
					return token;
				}
				String[] parts = token.split("\\.");
				Map<String, Object> changed = new LinkedHashMap<>(set.toJSONObject());
				changed.put("scope", "ledger:pay ledger:accounts ledger:transfer finance:read finance:operate "
						+ "orders:write orders:read ops:faults ops:metrics inventory:reserve");
				String payload = Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(JWTClaimsSet.parse(changed).toString().getBytes(StandardCharsets.UTF_8));
				return parts[0] + "." + payload + "." + parts[2];
			}
			catch (JOSEException | java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
