package dev.tccledger.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real issuer in this JVM on a port of its own, spoken to over plain HTTP. Tokens are
 * checked the way a resource server will: signature against {@code /oauth2/jwks}.
 */
final class AuthServer implements AutoCloseable {

	/** Not the default, so a passing {@code iss} check proves the setting is used. */
	static final String ISSUER = "http://issuer.test:9999";

	static final ObjectMapper JSON = new ObjectMapper();

	private final ConfigurableApplicationContext context;

	final URI base;

	final HttpClient http = HttpClient.newHttpClient();

	private AuthServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
	}

	static AuthServer start(String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--auth.issuer=" + ISSUER));
		args.addAll(Arrays.asList(properties));
		return new AuthServer(
				new SpringApplicationBuilder(AuthServerApplication.class).run(args.toArray(String[]::new)));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	URI uri(String path) {
		return this.base.resolve(path);
	}

	/** A token request; a null {@code scope} leaves the parameter out. */
	HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(uri("/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form((scope == null) ? Map.of("grant_type", "client_credentials")
					: Map.of("grant_type", "client_credentials", "scope", scope))))
			.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(response.body(), ex);
		}
	}

	/**
	 * The access token's claims, after its RS256 signature checked out against the JWK
	 * set.
	 */
	JWTClaimsSet verifiedClaims(HttpResponse<String> tokenResponse) throws ParseException, JOSEException {
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse(json(tokenResponse).get("access_token").asText());
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		RSAKey key = jwks().getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
		assertThat(key.isPrivate()).as("the JWK set must not publish the private key").isFalse();
		assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
		return jwt.getJWTClaimsSet();
	}

	JWKSet jwks() throws ParseException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/oauth2/jwks")).build());
		assertThat(response.statusCode()).isEqualTo(200);
		return JWKSet.parse(response.body());
	}

	static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static List<String> scopes(JWTClaimsSet claims) throws ParseException {
		return List.of(claims.getStringClaim("scope").split(" "));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
