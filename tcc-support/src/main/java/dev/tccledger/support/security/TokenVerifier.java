package dev.tccledger.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the JWT check both services use: RS256 signatures by the issuer's keys
 * ({@code alg: none} and symmetric algorithms are refused by construction), then the
 * issuer, the audience (this service must be named in {@code aud}) and the time window.
 */
public final class TokenVerifier {

	/** The clock skew allowed between the issuer and this service. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private TokenVerifier() {
	}

	public static JwtDecoder decoder(String issuer, String jwkSetUri, List<String> audiences) {
		if (audiences.isEmpty()) {
			throw new IllegalArgumentException("a resource server must name the audience it accepts");
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor
			.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new IssuerKeys(issuer, jwkSetUri)));
		// RFC 9068 access tokens say "at+jwt"; many issuers say "JWT" or nothing
		processor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		// the claims are checked by Spring's validators below, with one clock skew
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(issuer, audiences));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
		Set<String> accepted = Set.copyOf(audiences);
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
				(aud) -> aud != null && aud.stream().anyMatch(accepted::contains));
		OAuth2TokenValidator<Jwt> subject = (jwt) -> (jwt.getSubject() != null && !jwt.getSubject().isBlank())
				? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "the token names no subject", null));
		// JwtTimestampValidator passes a token without exp; a bearer token that never
		// expires is refused
		OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Instant>("exp", Objects::nonNull);
		return new DelegatingOAuth2TokenValidator<>(expires, new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(issuer), audience, subject);
	}

}
