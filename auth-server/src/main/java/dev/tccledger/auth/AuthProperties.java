package dev.tccledger.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the issuer serves. Secrets and passwords are bound as hashes in the
 * {@code {id}hash} form of Spring Security's DelegatingPasswordEncoder; nothing here
 * holds one in plain text.
 *
 * @param issuer the {@code iss} of every token and the base of the discovery document
 * @param devClients null unless set explicitly: {@link DevelopmentOnly} tells the two
 * apart
 * @param audience the resource servers named in every access token's {@code aud}
 * @param accessTokenTtl how long an access token lives
 * @param signingKey a PEM (PKCS#8 RSA private key) or JWK file; empty: a key generated at
 * start
 * @param clients client-credentials clients by client id
 * @param console the public client people sign in through
 * @param users people by username
 */
@ConfigurationProperties("auth")
record AuthProperties(String issuer, Boolean devClients, List<String> audience, Duration accessTokenTtl,
		String signingKey, Map<String, Client> clients, Console console, Map<String, User> users) {

	/**
	 * @param secret the hashed client secret
	 * @param scopes the scopes the client may ask for
	 */
	record Client(String secret, List<String> scopes) {
	}

	/**
	 * @param clientId the public client's id (no secret: PKCE proves the caller)
	 * @param redirectUri where the authorization code goes
	 * @param scopes what the console may ask for; each user gets only the part granted to
	 * them
	 */
	record Console(String clientId, String redirectUri, List<String> scopes) {
	}

	/**
	 * @param password the hashed password
	 * @param scopes the scopes this person may be granted
	 */
	record User(String password, List<String> scopes) {
	}

}
