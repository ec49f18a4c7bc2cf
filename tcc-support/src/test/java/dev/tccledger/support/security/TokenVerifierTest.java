package dev.tccledger.support.security;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token check against a real issuer over HTTP: one right token, every wrong one
 * refused.
 */
class TokenVerifierTest {

	static TestIssuer issuer;

	static JwtDecoder decoder;

	@BeforeAll
	static void start() {
		issuer = new TestIssuer();
		decoder = TokenVerifier.decoder(issuer.uri(), "", List.of("ledger-service"));
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void aRightTokenVerifiesWithItsSubjectAndScopes() {
		Jwt jwt = decoder.decode(issuer.token("demo-shop", "orders:write", "ledger:accounts"));
		assertThat(jwt.getSubject()).isEqualTo("demo-shop");
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("orders:write ledger:accounts");
	}

	static Stream<Arguments> wrongTokens() {
		Stream<Arguments> defects = Stream.of(TestIssuer.Defect.values())
			.map((defect) -> Arguments.of(defect.name(),
					(Supplier<String>) () -> defect.token(issuer, "demo-shop", "orders:write")));
		return Stream.concat(defects, Stream.of(Arguments.of("NO_EXPIRY",
				(Supplier<String>) () -> issuer.mint("demo-shop", "orders:write").withoutExpiry().sign())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("wrongTokens")
	void everyWrongTokenIsRefusedAsBad(String name, Supplier<String> mint) {
		String token = mint.get();
		// BadJwtException: a 401 for the caller, not a server error
		assertThatThrownBy(() -> decoder.decode(token)).as(name).isInstanceOf(BadJwtException.class);
	}

	@Test
	void anIssuerThatCannotBeReachedIsNotABadToken() {
		JwtDecoder nowhere = TokenVerifier.decoder("http://127.0.0.1:1", "", List.of("ledger-service"));
		assertThatThrownBy(() -> nowhere.decode(issuer.token("demo-shop", "orders:write")))
			.isInstanceOf(JwtException.class)
			.isNotInstanceOf(BadJwtException.class);
	}

	@Test
	void cachedKeysKeepVerifyingWhenTheIssuerIsGone() {
		TestIssuer shortLived = new TestIssuer();
		JwtDecoder verifier = TokenVerifier.decoder(shortLived.uri(), "", List.of("ledger-service"));
		String before = shortLived.token("demo-shop", "orders:write");
		verifier.decode(before);
		String later = shortLived.token("demo-shop", "orders:read");
		shortLived.close();
		assertThat(verifier.decode(later).getClaimAsString("scope")).isEqualTo("orders:read");
	}

}
