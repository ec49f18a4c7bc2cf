package dev.tccledger.auth;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** Every development client, with the default settings except the issuer. */
class ClientCredentialsIT {

	private static AuthServer server;

	@BeforeAll
	static void start() {
		server = AuthServer.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static Stream<Arguments> clients() {
		return Stream.of(
				Arguments.of("demo-shop",
						List.of("orders:write", "orders:read", "ledger:accounts", "ledger:transfer", "inventory:read")),
				Arguments.of("finance-viewer", List.of("finance:read")),
				Arguments.of("finance-operator", List.of("finance:read", "finance:operate")),
				Arguments.of("ops", List.of("ops:faults")), Arguments.of("prometheus", List.of("ops:metrics")),
				Arguments.of("order-service", List.of("ledger:pay", "inventory:reserve")),
				Arguments.of("warehouse", List.of("inventory:write", "inventory:read")));
	}

	@ParameterizedTest
	@MethodSource("clients")
	void aClientGetsASignedTokenWithItsScopesForTheResourceServers(String clientId, List<String> scopes)
			throws Exception {
		JWTClaimsSet claims = server
			.verifiedClaims(server.clientCredentials(clientId, clientId + "-secret", String.join(" ", scopes)));

		assertThat(AuthServer.scopes(claims)).containsExactlyInAnyOrderElementsOf(scopes);
		assertThat(claims.getSubject()).isEqualTo(clientId);
		assertThat(claims.getIssuer()).isEqualTo(AuthServer.ISSUER);
		assertThat(claims.getAudience()).containsExactly("ledger-service", "order-service", "inventory-service");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(5));
	}

	@ParameterizedTest
	@MethodSource("clients")
	void aWrongSecretIsUnauthorized(String clientId) {
		HttpResponse<String> response = server.clientCredentials(clientId, clientId + "-secreT", "");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(AuthServer.json(response).get("error").asText()).isEqualTo("invalid_client");
	}

	@ParameterizedTest
	@MethodSource("clients")
	void withoutAScopeParameterAClientGetsEveryScopeItIsRegisteredFor(String clientId, List<String> scopes)
			throws Exception {
		JWTClaimsSet claims = server.verifiedClaims(server.clientCredentials(clientId, clientId + "-secret", null));

		assertThat(AuthServer.scopes(claims)).containsExactlyInAnyOrderElementsOf(scopes);
	}

	@Test
	void aClientThatNamesScopesGetsOnlyThose() throws Exception {
		JWTClaimsSet claims = server
			.verifiedClaims(server.clientCredentials("demo-shop", "demo-shop-secret", "orders:read"));

		assertThat(AuthServer.scopes(claims)).containsExactly("orders:read");
	}

	@Test
	void aScopeTheClientDoesNotHoldIsRefused() {
		HttpResponse<String> response = server.clientCredentials("finance-viewer", "finance-viewer-secret",
				"finance:read finance:operate");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(AuthServer.json(response).get("error").asText()).isEqualTo("invalid_scope");
	}

	@Test
	void theConsoleIsPublicAndCannotUseClientCredentials() {
		HttpResponse<String> response = server.clientCredentials("finance-console", "", "finance:read");

		assertThat(response.statusCode()).as(response.body()).isBetween(400, 401);
		assertThat(AuthServer.json(response).has("access_token")).isFalse();
	}

	@ParameterizedTest
	@MethodSource("clients")
	void secretsAreStoredAsBcryptHashes(String clientId) {
		RegisteredClient client = server.bean(RegisteredClientRepository.class).findByClientId(clientId);

		assertThat(client.getClientSecret()).startsWith("{bcrypt}$2").doesNotContain(clientId + "-secret");
		assertThat(server.bean(PasswordEncoder.class).matches(clientId + "-secret", client.getClientSecret())).isTrue();
	}

	@Test
	void discoveryNamesThisIssuerAndItsEndpoints() {
		HttpResponse<String> response = server
			.send(HttpRequest.newBuilder(server.uri("/.well-known/openid-configuration")).build());

		assertThat(response.statusCode()).isEqualTo(200);
		var document = AuthServer.json(response);
		assertThat(document.get("issuer").asText()).isEqualTo(AuthServer.ISSUER);
		assertThat(document.get("jwks_uri").asText()).isEqualTo(AuthServer.ISSUER + "/oauth2/jwks");
		assertThat(document.get("token_endpoint").asText()).isEqualTo(AuthServer.ISSUER + "/oauth2/token");
	}

	@Test
	void healthIsOpenAndUp() {
		HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/actuator/health")).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(AuthServer.json(response).get("status").asText()).isEqualTo("UP");
	}

}
