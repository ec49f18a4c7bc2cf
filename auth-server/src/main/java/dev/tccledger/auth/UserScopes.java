package dev.tccledger.auth;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

/**
 * The scopes each person may be granted. The console asks for everything it can use; a
 * request is cut to the user's part before the authorization is made
 * ({@link NarrowToUserScopes}), and a token for a user is refused outright if it would
 * still carry more ({@link AccessTokenClaims}).
 */
final class UserScopes {

	private final Map<String, Set<String>> granted;

	UserScopes(Map<String, Set<String>> granted) {
		this.granted = granted;
	}

	/** The requested scopes this user holds; {@code openid} is identity, not access. */
	Set<String> narrow(String username, Set<String> requested) {
		Set<String> mine = this.granted.getOrDefault(username, Set.of());
		return requested.stream()
			.filter((scope) -> OidcScopes.OPENID.equals(scope) || mine.contains(scope))
			.collect(Collectors.toUnmodifiableSet());
	}

	void requireGranted(String username, Set<String> authorized) {
		if (!narrow(username, authorized).equals(authorized)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"scopes not granted to " + username + ": " + authorized, null));
		}
	}

}
