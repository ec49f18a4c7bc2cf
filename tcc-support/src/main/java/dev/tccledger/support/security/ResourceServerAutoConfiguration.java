package dev.tccledger.support.security;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Every service that puts {@code spring-boot-starter-oauth2-resource-server} on its
 * classpath becomes a resource server: each request needs a bearer token the issuer
 * signed, meant for this service, within its time window, carrying a scope the service's
 * {@link EndpointScopes} table asks for; requests the table does not name are refused. No
 * sessions, no cookies, so no CSRF surface.
 */
@AutoConfiguration(before = { OAuth2ResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class,
		UserDetailsServiceAutoConfiguration.class })
@ConditionalOnClass(BearerTokenAuthenticationFilter.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class ResourceServerAutoConfiguration {

	static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(Environment environment) {
		String issuer = environment.getProperty(EmbeddedDefaults.ISSUER_URI, "");
		if (issuer.isBlank()) {
			throw new MissingSecuritySettingException(environment, EmbeddedDefaults.ISSUER_URI, "The token issuer",
					"https://keycloak.example.com/realms/payments");
		}
		List<String> audiences = List
			.of(environment.getProperty(EmbeddedDefaults.AUDIENCES, String[].class, new String[0]));
		String jwkSetUri = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "");
		return TokenVerifier.decoder(issuer, jwkSetUri, audiences);
	}

	@Bean
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, ObjectProvider<EndpointScopes> serviceScopes,
			ObjectMapper json, ObjectProvider<MeterRegistry> meters) throws Exception {
		EndpointScopes table = EndpointScopes.platform()
			.then(serviceScopes.getIfAvailable(() -> EndpointScopes.builder().build()));
		Refusals refusals = new Refusals(table, json, meters.getIfAvailable(SimpleMeterRegistry::new));
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			})
				.authenticationEntryPoint(refusals)
				.accessDeniedHandler(refusals)
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						// an issuer whose keys cannot be fetched is a 503, not a 500
						filter.setAuthenticationFailureHandler(refusals);
						return filter;
					}
				}))
			.authorizeHttpRequests((requests) -> requests
				// the container's error dispatch of a request already let through
				.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
				.permitAll()
				.anyRequest()
				.access(byTable(table)))
			.addFilterAfter(new SubjectMdcFilter(), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	/** The table's verdict: open, one of the scopes, or (no row) refused. */
	static AuthorizationManager<RequestAuthorizationContext> byTable(EndpointScopes table) {
		return new AuthorizationManager<>() {
			@Override
			@SuppressWarnings("deprecation")
			public AuthorizationDecision check(Supplier<Authentication> authentication,
					RequestAuthorizationContext context) {
				return table
					.find(HttpMethod.valueOf(context.getRequest().getMethod()), Refusals.pathOf(context.getRequest()))
					.map((entry) -> new AuthorizationDecision(entry.open() || hasAnyScope(authentication.get(), entry)))
					.orElseGet(() -> new AuthorizationDecision(false));
			}
		};
	}

	private static boolean hasAnyScope(Authentication authentication, EndpointScopes.Entry entry) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return false;
		}
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> authority.getAuthority().startsWith(SCOPE_AUTHORITY_PREFIX)
					&& entry.anyOf().contains(authority.getAuthority().substring(SCOPE_AUTHORITY_PREFIX.length())));
	}

}
