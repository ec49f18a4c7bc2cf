package dev.tccledger.auth;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The access token's {@code aud} names the resource servers (not the client, Spring's
 * default), so each service can check that a token was meant for it; {@code scope} is the
 * granted scopes. A token issued to a person must not carry a scope that person was not
 * granted.
 */
final class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final List<String> audience;

	private final UserScopes userScopes;

	AccessTokenClaims(List<String> audience, UserScopes userScopes) {
		this.audience = List.copyOf(audience);
		this.userScopes = userScopes;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getClaims().audience(this.audience);
		if (!context.getAuthorizedScopes().isEmpty()) {
			// RFC 9068: one space-delimited string (Spring's default is a JSON array)
			context.getClaims().claim(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
		}
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
			this.userScopes.requireGranted(context.getPrincipal().getName(), context.getAuthorizedScopes());
		}
	}

}
