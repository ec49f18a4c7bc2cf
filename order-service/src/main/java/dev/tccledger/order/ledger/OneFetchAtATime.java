package dev.tccledger.order.ledger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * When the token is due, every payment in flight finds it so at once and would each ask
 * the issuer for a new one: a burst at the issuer on every renewal. Here the first asks
 * and the others wait for its answer, success or failure, instead of queueing behind a
 * lock: with the issuer down they all fail after one connect timeout, not one after
 * another.
 */
final class OneFetchAtATime implements OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint;

	private final AtomicReference<CompletableFuture<OAuth2AccessTokenResponse>> inFlight = new AtomicReference<>();

	OneFetchAtATime(OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2ClientCredentialsGrantRequest grant) {
		CompletableFuture<OAuth2AccessTokenResponse> mine = new CompletableFuture<>();
		CompletableFuture<OAuth2AccessTokenResponse> running = this.inFlight.compareAndExchange(null, mine);
		if (running != null) {
			return await(running);
		}
		try {
			OAuth2AccessTokenResponse response = this.endpoint.getTokenResponse(grant);
			mine.complete(response);
			return response;
		}
		catch (RuntimeException failed) {
			mine.completeExceptionally(failed);
			throw failed;
		}
		finally {
			this.inFlight.set(null);
		}
	}

	private static OAuth2AccessTokenResponse await(CompletableFuture<OAuth2AccessTokenResponse> running) {
		try {
			return running.join();
		}
		catch (CompletionException failed) {
			if (failed.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw failed;
		}
	}

}
