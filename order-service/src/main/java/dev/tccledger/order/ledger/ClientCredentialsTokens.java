package dev.tccledger.order.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * order-service's token for the ledger through the client-credentials grant (registration
 * {@value #REGISTRATION}). The manager keeps it in the authorized-client service and asks
 * the issuer again once it is within the clock skew of its expiry; it works outside an
 * HTTP request, which the recovery sentinel's scheduled calls need.
 */
class ClientCredentialsTokens implements TokenSource {

	private static final Logger log = LoggerFactory.getLogger(ClientCredentialsTokens.class);

	static final String REGISTRATION = "ledger";

	/**
	 * The key of the cached token: the service authenticates as itself, not as a user.
	 */
	static final String PRINCIPAL = "order-service";

	private static final OAuth2AuthorizeRequest REQUEST = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
		.principal(PRINCIPAL)
		.build();

	private final OAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizedClientService store;

	ClientCredentialsTokens(OAuth2AuthorizedClientManager manager, OAuth2AuthorizedClientService store) {
		this.manager = manager;
		this.store = store;
	}

	@Override
	public String token() {
		OAuth2AuthorizedClient client;
		try {
			client = this.manager.authorize(REQUEST);
		}
		catch (RuntimeException failed) {
			// whatever it was, the ledger has not been called
			log.warn("no token for the ledger: {}", describe(failed));
			throw new LedgerRefusal(OrderError.ISSUER_UNAVAILABLE, null,
					"order-service could not obtain its token for the ledger: " + describe(failed));
		}
		if (client == null) {
			throw new LedgerRefusal(OrderError.ISSUER_UNAVAILABLE, null,
					"registration " + REGISTRATION + " is not a client-credentials registration");
		}
		return client.getAccessToken().getTokenValue();
	}

	@Override
	public void rejected(String token) {
		OAuth2AuthorizedClient current = this.store.loadAuthorizedClient(REGISTRATION, PRINCIPAL);
		if (current != null && current.getAccessToken().getTokenValue().equals(token)) {
			this.store.removeAuthorizedClient(REGISTRATION, PRINCIPAL);
		}
	}

	private static String describe(RuntimeException failure) {
		if (failure instanceof OAuth2AuthorizationException oauth) {
			String description = oauth.getError().getDescription();
			return oauth.getError().getErrorCode() + ((description != null) ? ": " + description : "");
		}
		return failure.toString();
	}

}
