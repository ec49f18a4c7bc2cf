package dev.tccledger.order.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;

class OneFetchAtATimeTest {

	static final OAuth2ClientCredentialsGrantRequest GRANT = new OAuth2ClientCredentialsGrantRequest(
			ClientRegistration.withRegistrationId("ledger")
				.clientId("order-service")
				.clientSecret("s")
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.tokenUri("http://127.0.0.1:1/oauth2/token")
				.build());

	@Test
	void callersThatFindTheTokenDueTogetherShareOneFetch() throws Exception {
		AtomicInteger fetches = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		OneFetchAtATime endpoint = new OneFetchAtATime(slow(fetches, release, null));
		List<String> tokens = concurrently(endpoint, 8, release);
		assertThat(fetches).hasValue(1);
		assertThat(tokens).hasSize(8).containsOnly("token-1");
	}

	@Test
	void aFailedFetchFailsEveryoneWaitingOnItAtOnceAndTheNextCallerTriesAgain() throws Exception {
		AtomicInteger fetches = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		OneFetchAtATime endpoint = new OneFetchAtATime(
				slow(fetches, release, new IllegalStateException("issuer down")));
		List<String> outcomes = concurrently(endpoint, 8, release);
		assertThat(fetches).hasValue(1);
		assertThat(outcomes).hasSize(8).containsOnly("failed: issuer down");

		OneFetchAtATime recovered = new OneFetchAtATime(slow(fetches, new CountDownLatch(0), null));
		assertThat(recovered.getTokenResponse(GRANT).getAccessToken().getTokenValue()).isEqualTo("token-2");
	}

	private static List<String> concurrently(OneFetchAtATime endpoint, int callers, CountDownLatch release)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch started = new CountDownLatch(callers);
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					started.countDown();
					try {
						return endpoint.getTokenResponse(GRANT).getAccessToken().getTokenValue();
					}
					catch (RuntimeException failed) {
						return "failed: " + failed.getMessage();
					}
				}));
			}
			started.await(5, TimeUnit.SECONDS);
			// let every caller reach the endpoint before the one fetch answers
			Thread.sleep(200);
			release.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<String> answer : answers) {
				outcomes.add(answer.get(5, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> slow(AtomicInteger fetches,
			CountDownLatch release, RuntimeException failure) {
		return (grant) -> {
			int fetch = fetches.incrementAndGet();
			try {
				release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (failure != null) {
				throw failure;
			}
			return OAuth2AccessTokenResponse.withToken("token-" + fetch)
				.tokenType(OAuth2AccessToken.TokenType.BEARER)
				.expiresIn(300)
				.build();
		};
	}

}
