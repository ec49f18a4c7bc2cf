package dev.tccledger.order.ledger;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Client;
import feign.Feign;
import feign.Request;
import feign.Response;
import feign.codec.Decoder;
import feign.codec.Encoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seata.core.context.RootContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.order.OrderError;

import org.springframework.cloud.openfeign.support.SpringMvcContract;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger client as LedgerFeignConfiguration assembles it, against a fake ledger and a
 * fake token endpoint behind the real token cache: a rejected token is replaced once, a
 * second rejection is a refusal, and a token that cannot be had fails the call before
 * anything is sent.
 */
class LedgerAuthenticationTest {

	static final String PROBLEM_401 = "{\"code\":\"UNAUTHENTICATED\",\"detail\":\"invalid_token\"}";

	ObjectMapper json = new ObjectMapper();

	FakeIssuer issuer = new FakeIssuer();

	InMemoryOAuth2AuthorizedClientService store;

	ClientCredentialsTokens tokens;

	FakeLedger ledger = new FakeLedger();

	LedgerClient client;

	LedgerAuthenticationTest() {
		ClientRegistration registration = ClientRegistration.withRegistrationId(ClientCredentialsTokens.REGISTRATION)
			.clientId("order-service")
			.clientSecret("order-service-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("http://issuer/oauth2/token")
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		this.store = new InMemoryOAuth2AuthorizedClientService(registrations);
		this.tokens = LedgerTokenConfiguration.tokens(registrations, this.store, this.issuer, Duration.ofSeconds(30));
		LedgerFeignConfiguration config = new LedgerFeignConfiguration();
		this.client = Feign.builder()
			.contract(new SpringMvcContract())
			.client(this.ledger)
			.encoder(json())
			.decoder(jsonDecoder())
			.requestInterceptor(config.xidHeader())
			.requestInterceptor(config.bearerToken(this.tokens))
			.retryer(config.retryRejectedTokenOnce())
			.errorDecoder(config.problemDecoder(this.json, this.tokens))
			.target(LedgerClient.class, "http://ledger/api/v1");
	}

	@AfterEach
	void unbind() {
		RootContext.unbind();
	}

	@Test
	void oneTokenServesManyCalls() {
		this.ledger.answer(200, "[]").answer(200, "[]").answer(200, "[]");
		for (int i = 0; i < 3; i++) {
			this.client.freezesOf("o-1");
		}
		assertThat(this.issuer.fetches.get()).isEqualTo(1);
		assertThat(this.ledger.bearers()).containsExactly("t1", "t1", "t1");
	}

	@Test
	void aRejectedTokenIsReplacedOnceAndTheCallSentAgain() {
		RootContext.bind("x:1");
		this.ledger.answer(401, PROBLEM_401).answer(200, "{\"freezeId\":7,\"xid\":\"x:1\",\"branchId\":42}");
		FreezeAnswer answer = this.client.freeze(new FreezeCommand("o-1", "alice", "shop", 100, "CNY"));
		assertThat(answer.freezeId()).isEqualTo(7);
		assertThat(this.issuer.fetches.get()).isEqualTo(2);
		// each attempt carries exactly one token and one xid, the second a fresh token
		assertThat(this.ledger.requests).hasSize(2).allSatisfy((request) -> {
			assertThat(request.headers().get(HttpHeaders.AUTHORIZATION)).hasSize(1);
			assertThat(request.headers().get(RootContext.KEY_XID)).containsExactly("x:1");
		});
		assertThat(this.ledger.bearers()).containsExactly("t1", "t2");
		// the fresh token is the one kept
		this.ledger.answer(200, "[]");
		this.client.freezesOf("o-1");
		assertThat(this.ledger.bearers()).last().isEqualTo("t2");
		assertThat(this.issuer.fetches.get()).isEqualTo(2);
	}

	@Test
	void aSecondRejectionIsARefusal() {
		this.ledger.answer(401, PROBLEM_401).answer(401, PROBLEM_401).answer(200, "[]");
		assertThatThrownBy(() -> this.client.freeze(new FreezeCommand("o-1", "alice", "shop", 100, "CNY")))
			.isInstanceOfSatisfying(LedgerRefusal.class, (refusal) -> {
				assertThat(refusal.error()).isEqualTo(OrderError.LEDGER_AUTH_REFUSED);
				assertThat(refusal.ledgerCode()).isEqualTo("UNAUTHENTICATED");
			});
		assertThat(this.ledger.requests).hasSize(2);
		assertThat(this.issuer.fetches.get()).isEqualTo(2);
	}

	@Test
	void aForbiddenCallIsNotRetried() {
		this.ledger.answer(403, "{\"code\":\"FORBIDDEN\"}").answer(200, "[]");
		assertThatThrownBy(() -> this.client.freezesOf("o-1")).isInstanceOfSatisfying(LedgerRefusal.class,
				(refusal) -> assertThat(refusal.error()).isEqualTo(OrderError.LEDGER_AUTH_REFUSED));
		assertThat(this.ledger.requests).hasSize(1);
		assertThat(this.issuer.fetches.get()).isEqualTo(1);
	}

	@Test
	void aRefusedConnectionIsStillNeverRetried() {
		this.ledger.refuseConnections();
		assertThatThrownBy(() -> this.client.freeze(new FreezeCommand("o-1", "alice", "shop", 100, "CNY")))
			.isInstanceOf(feign.RetryableException.class);
		assertThat(this.ledger.attempts.get()).isEqualTo(1);
	}

	@Test
	void withoutATokenTheLedgerIsNotCalledAndTheIssuerIsBlamed() {
		this.issuer.down = true;
		assertThatThrownBy(() -> this.client.freeze(new FreezeCommand("o-1", "alice", "shop", 100, "CNY")))
			.isInstanceOfSatisfying(LedgerRefusal.class, (refusal) -> {
				assertThat(refusal.error()).isEqualTo(OrderError.ISSUER_UNAVAILABLE);
				assertThat(refusal.ledgerCode()).isNull();
				assertThat(refusal.getMessage()).contains("Connection refused");
			});
		assertThat(this.ledger.attempts.get()).isZero();
	}

	@Test
	void anUnreachableTokenEndpointIsIssuerUnavailableAndCounted() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ClientRegistration unreachable = ClientRegistration.withRegistrationId(ClientCredentialsTokens.REGISTRATION)
			.clientId("order-service")
			.clientSecret("order-service-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("http://127.0.0.1:1/oauth2/token")
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(unreachable);
		TokenSource real = LedgerTokenConfiguration.tokens(registrations,
				new InMemoryOAuth2AuthorizedClientService(registrations),
				LedgerTokenConfiguration.counted(LedgerTokenConfiguration.tokenEndpoint(500, 500), meters),
				Duration.ofSeconds(30));
		assertThatThrownBy(real::token).isInstanceOfSatisfying(LedgerRefusal.class, (refusal) -> {
			assertThat(refusal.error()).isEqualTo(OrderError.ISSUER_UNAVAILABLE);
			assertThat(refusal.getMessage()).contains("127.0.0.1:1");
		});
		assertThat(meters.counter(LedgerTokenConfiguration.FETCH_METRIC, "outcome", "failure").count()).isEqualTo(1);
	}

	@Test
	void aRejectedTokenAlreadyReplacedByAnotherCallIsKept() {
		String t1 = this.tokens.token();
		this.tokens.rejected(t1);
		String t2 = this.tokens.token();
		this.tokens.rejected(t1);
		assertThat(this.tokens.token()).isEqualTo(t2).isNotEqualTo(t1);
		assertThat(this.issuer.fetches.get()).isEqualTo(2);
	}

	private Encoder json() {
		return new Encoder() {
			@Override
			public void encode(Object object, java.lang.reflect.Type bodyType, feign.RequestTemplate template) {
				try {
					template.body(LedgerAuthenticationTest.this.json.writeValueAsBytes(object), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
	}

	private Decoder jsonDecoder() {
		return (response, type) -> this.json.readValue(response.body().asInputStream(), this.json.constructType(type));
	}

	/**
	 * Issues t1, t2, ... valid for five minutes; when down, fails as an unreachable
	 * endpoint.
	 */
	static class FakeIssuer implements OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

		final AtomicInteger fetches = new AtomicInteger();

		volatile boolean down;

		@Override
		public OAuth2AccessTokenResponse getTokenResponse(OAuth2ClientCredentialsGrantRequest grant) {
			if (this.down) {
				throw new OAuth2AuthorizationException(new OAuth2Error("invalid_token_response",
						"I/O error on POST request: Connection refused", null), new ConnectException());
			}
			return OAuth2AccessTokenResponse.withToken("t" + this.fetches.incrementAndGet())
				.tokenType(OAuth2AccessToken.TokenType.BEARER)
				.expiresIn(300)
				.build();
		}

	}

	/** Answers the queued responses in turn and records every request. */
	static class FakeLedger implements Client {

		final List<Request> requests = new ArrayList<>();

		final AtomicInteger attempts = new AtomicInteger();

		private final Deque<Response.Builder> answers = new ArrayDeque<>();

		private boolean refuse;

		FakeLedger answer(int status, String body) {
			this.answers.add(Response.builder()
				.status(status)
				.headers(Map.of("Content-Type", List.of("application/json")))
				.body(body, StandardCharsets.UTF_8));
			return this;
		}

		void refuseConnections() {
			this.refuse = true;
		}

		@Override
		public Response execute(Request request, Request.Options options) throws IOException {
			this.attempts.incrementAndGet();
			if (this.refuse) {
				throw new ConnectException("Connection refused");
			}
			this.requests.add(request);
			return this.answers.remove().request(request).build();
		}

		List<String> bearers() {
			return this.requests.stream().map((r) -> {
				Collection<String> values = r.headers().get(HttpHeaders.AUTHORIZATION);
				return values.iterator().next().substring("Bearer ".length());
			}).toList();
		}

	}

}
