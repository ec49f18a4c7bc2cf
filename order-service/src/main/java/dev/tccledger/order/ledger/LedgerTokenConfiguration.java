package dev.tccledger.order.ledger;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * order-service's own token for the ledger: the client-credentials grant of registration
 * "ledger" (spring.security.oauth2.client.*), cached, refreshed {@code refresh-skew-ms}
 * before it expires so that a token never expires on its way to the ledger, and fetched
 * with explicit timeouts: the fetch happens inside the payment's try, under the global
 * timeout.
 */
@Configuration(proxyBeanMethods = false)
class LedgerTokenConfiguration {

	static final String FETCH_METRIC = "tcc.auth.token.fetch";

	@Bean
	ClientCredentialsTokens ledgerTokens(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService store, MeterRegistry meters,
			@Value("${orders.ledger-token.refresh-skew-ms:30000}") long refreshSkewMs,
			@Value("${orders.ledger-token.connect-timeout-ms:1000}") int connectTimeoutMs,
			@Value("${orders.ledger-token.read-timeout-ms:3000}") int readTimeoutMs) {
		return tokens(registrations, store,
				new OneFetchAtATime(counted(tokenEndpoint(connectTimeoutMs, readTimeoutMs), meters)),
				Duration.ofMillis(refreshSkewMs));
	}

	static ClientCredentialsTokens tokens(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService store,
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint, Duration refreshSkew) {
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((grant) -> grant.accessTokenResponseClient(endpoint).clockSkew(refreshSkew))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, store);
		manager.setAuthorizedClientProvider(provider);
		return new ClientCredentialsTokens(manager, store);
	}

	/**
	 * Spring Security's own token client, with timeouts (its default RestClient has
	 * none).
	 */
	static OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenEndpoint(int connectTimeoutMs,
			int readTimeoutMs) {
		SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
		timeouts.setConnectTimeout(connectTimeoutMs);
		timeouts.setReadTimeout(readTimeoutMs);
		RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
		client.setRestClient(RestClient.builder().requestFactory(timeouts).messageConverters((converters) -> {
			converters.clear();
			converters.add(new FormHttpMessageConverter());
			converters.add(new StringHttpMessageConverter());
			converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		return client;
	}

	/**
	 * Counts every request to the token endpoint:
	 * {@code tcc_auth_token_fetch_total{outcome}}.
	 */
	static OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> counted(
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint, MeterRegistry meters) {
		return (grant) -> {
			try {
				var response = endpoint.getTokenResponse(grant);
				meters.counter(FETCH_METRIC, "outcome", "success").increment();
				return response;
			}
			catch (RuntimeException failed) {
				meters.counter(FETCH_METRIC, "outcome", "failure").increment();
				throw failed;
			}
		};
	}

}
