package dev.tccledger.order.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.order.SecuredOrderService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger client in the running service: order-service's token really comes from the
 * issuer's token endpoint (client credentials, registration "ledger"), is cached, is
 * fetched again shortly before it expires and once after the ledger rejects it, and every
 * fetch is counted.
 */
class LedgerTokenFlowTest extends SecuredOrderService {

	@Autowired
	LedgerClient client;

	@Autowired
	OAuth2AuthorizedClientService store;

	@BeforeEach
	void noCachedToken() {
		this.store.removeAuthorizedClient(ClientCredentialsTokens.REGISTRATION, ClientCredentialsTokens.PRINCIPAL);
		ledger.authorizations.clear();
	}

	@AfterEach
	void usualLifetime() {
		issuer.tokenTtl(Duration.ofMinutes(5));
	}

	@Test
	void oneFetchServesManyCallsWithOrderServicesOwnToken() throws Exception {
		int issued = issuer.tokensIssued();
		for (int i = 0; i < 5; i++) {
			assertThat(this.client.freezesOf("o-" + i)).isEmpty();
		}
		assertThat(issuer.tokensIssued()).isEqualTo(issued + 1);
		assertThat(ledger.authorizations).hasSize(5).containsOnly(ledger.authorizations.get(0));
		JWTClaimsSet claims = claims(ledger.authorizations.get(0));
		assertThat(claims.getSubject()).isEqualTo("order-service");
		assertThat(claims.getAudience()).contains("ledger-service");
		assertThat(claims.getStringClaim("scope")).isEqualTo("ledger:pay");
		String metrics = send("GET", "/actuator/prometheus", issuer.token("prometheus", "ops:metrics"), null).body();
		assertThat(metrics).containsPattern("tcc_auth_token_fetch_total\\{[^}]*outcome=\"success\"[^}]*} [1-9]");
	}

	@Test
	void aRejectedTokenIsReplacedOnceAndTheCallSucceeds() {
		this.client.freezesOf("o-1");
		int issued = issuer.tokensIssued();
		ledger.reject(1);
		assertThat(this.client.freezesOf("o-1")).isEmpty();
		assertThat(issuer.tokensIssued()).isEqualTo(issued + 1);
		List<String> sent = ledger.authorizations;
		assertThat(sent).hasSize(3);
		assertThat(sent.get(1)).isEqualTo(sent.get(0));
		assertThat(sent.get(2)).isNotEqualTo(sent.get(1));
	}

	@Test
	void aTokenIsReplacedShortlyBeforeItExpires() throws Exception {
		// 33 s tokens against the configured 30 s refresh margin: stale after 3 s
		issuer.tokenTtl(Duration.ofSeconds(33));
		int issued = issuer.tokensIssued();
		this.client.freezesOf("o-1");
		this.client.freezesOf("o-1");
		assertThat(issuer.tokensIssued()).isEqualTo(issued + 1);
		Instant firstExpires = claims(ledger.authorizations.get(0)).getExpirationTime().toInstant();
		Thread.sleep(3_500);
		this.client.freezesOf("o-1");
		Instant replacedAt = Instant.now();
		assertThat(issuer.tokensIssued()).isEqualTo(issued + 2);
		assertThat(ledger.authorizations.get(2)).isNotEqualTo(ledger.authorizations.get(0));
		assertThat(replacedAt).as("replaced while the old token was still valid").isBefore(firstExpires);
	}

	private static JWTClaimsSet claims(String authorization) throws Exception {
		return SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
	}

}
