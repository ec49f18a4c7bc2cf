package dev.tccledger.auth;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Set;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * Two filter chains, as Spring Authorization Server lays them out: the protocol endpoints
 * (token, authorize, jwks, discovery, OIDC) first, then the login form and everything
 * else, with only {@code /actuator/health} open (run.sh waits on it).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

	@Bean
	@Order(1)
	SecurityFilterChain protocolEndpoints(HttpSecurity http, UserScopes userScopes) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		NarrowToUserScopes narrowing = new NarrowToUserScopes(userScopes);
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, (configurer) -> configurer.oidc(Customizer.withDefaults())
				.tokenEndpoint((endpoint) -> endpoint.accessTokenRequestConverters((converters) -> converters
					.replaceAll((converter) -> (converter instanceof OAuth2ClientCredentialsAuthenticationConverter)
							? new RegisteredScopesByDefault() : converter)))
				.authorizationEndpoint((endpoint) -> endpoint
					.authorizationRequestConverters((converters) -> converters.replaceAll(
							(converter) -> (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter)
									? narrowing : converter))))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(loginForBrowsers()))
			// the OIDC userinfo endpoint takes this server's own access tokens
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	/**
	 * Asks for HTML by name: no Accept header or {@code *}/{@code *} is an API client.
	 */
	private static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

	/**
	 * The login form for whoever asks for HTML by name; anyone else (no Accept header,
	 * {@code *}/{@code *}) is an API client and gets 401, not a redirect to a form.
	 */
	private static AuthenticationEntryPoint loginForBrowsers() {
		MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		browsers.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
		entryPoints.put(browsers, new LoginUrlAuthenticationEntryPoint("/login"));
		DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
		entryPoint.setDefaultEntryPoint(new BearerTokenAuthenticationEntryPoint());
		return entryPoint;
	}

	@Bean
	@Order(2)
	SecurityFilterChain loginAndTheRest(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
					.permitAll()
					.anyRequest()
					.authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
		RSAKey key = StringUtils.hasText(properties.signingKey()) ? SigningKey.load(Path.of(properties.signingKey()))
				: SigningKey.generated();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(AuthProperties properties, UserScopes userScopes) {
		return new AccessTokenClaims(properties.audience(), userScopes);
	}

}
