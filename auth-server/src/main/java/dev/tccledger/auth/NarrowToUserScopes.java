package dev.tccledger.auth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads an authorization request as the default converter does, then, once the user is
 * signed in, keeps only the scopes that user holds: the console asks for all it can use,
 * and {@code finance} gets {@code finance:read} where {@code operator} also gets
 * {@code finance:operate}. Narrowing rather than refusing follows RFC 6749 section 3.3
 * (the server may grant less than asked) and lets one console configuration serve both.
 */
final class NarrowToUserScopes implements AuthenticationConverter {

	private final AuthenticationConverter delegate = new OAuth2AuthorizationCodeRequestAuthenticationConverter();

	private final UserScopes userScopes;

	NarrowToUserScopes(UserScopes userScopes) {
		this.userScopes = userScopes;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)
				|| !(authorizationRequest.getPrincipal() instanceof Authentication user)
				|| user instanceof AnonymousAuthenticationToken || !user.isAuthenticated()
				// a pushed request's scopes are read later from what was pushed;
				// AccessTokenClaims still refuses a token beyond the user's grants
				|| authorizationRequest.getAdditionalParameters().containsKey(OAuth2ParameterNames.REQUEST_URI)) {
			return converted;
		}
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorizationRequest.getAuthorizationUri(),
				authorizationRequest.getClientId(), user, authorizationRequest.getRedirectUri(),
				authorizationRequest.getState(),
				this.userScopes.narrow(user.getName(), authorizationRequest.getScopes()),
				authorizationRequest.getAdditionalParameters());
	}

}
