package dev.tccledger.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The development clients and users from {@code auth.*}, kept in memory with their hashes
 * as configured. Building them is where {@link DevelopmentOnly} refuses.
 */
@Configuration(proxyBeanMethods = false)
class Registrations {

	Registrations(Environment environment) {
		DevelopmentOnly.check(environment);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(AuthProperties properties) {
		TokenSettings tokens = TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
			.accessTokenTimeToLive(properties.accessTokenTtl())
			.build();
		Stream<RegisteredClient> services = properties.clients()
			.entrySet()
			.stream()
			.map((client) -> RegisteredClient.withId(client.getKey())
				.clientId(client.getKey())
				.clientSecret(requireHashed(client.getValue().secret(), "auth.clients." + client.getKey()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scopes((scopes) -> scopes.addAll(client.getValue().scopes()))
				.tokenSettings(tokens)
				.build());
		AuthProperties.Console console = properties.console();
		// First-party console: no consent page; each user's scopes are cut to their
		// grants
		// (UserScopes) instead.
		RegisteredClient consoleClient = RegisteredClient.withId(console.clientId())
			.clientId(console.clientId())
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(console.redirectUri())
			.scope(OidcScopes.OPENID)
			.scopes((scopes) -> scopes.addAll(console.scopes()))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(tokens)
			.build();
		return new InMemoryRegisteredClientRepository(
				Stream.concat(services, Stream.of(consoleClient)).toArray(RegisteredClient[]::new));
	}

	@Bean
	UserDetailsService userDetailsService(AuthProperties properties) {
		return new InMemoryUserDetailsManager(properties.users()
			.entrySet()
			.stream()
			.map((user) -> User.withUsername(user.getKey())
				.password(requireHashed(user.getValue().password(), "auth.users." + user.getKey()))
				.roles("USER")
				.build())
			.toList());
	}

	@Bean
	UserScopes userScopes(AuthProperties properties) {
		return new UserScopes(properties.users()
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (user) -> Set.copyOf(user.getValue().scopes()))));
	}

	/**
	 * A value without a known {@code {id}} prefix would be compared as plain text by
	 * nothing (DelegatingPasswordEncoder refuses it at login); refusing it here says
	 * which entry is wrong, at start.
	 */
	private static String requireHashed(String value, String where) {
		List<String> hashed = List.of("{bcrypt}", "{argon2@SpringSecurity_v5_8}", "{pbkdf2@SpringSecurity_v5_8}",
				"{scrypt@SpringSecurity_v5_8}");
		if (value == null || hashed.stream().noneMatch(value::startsWith)) {
			throw new IllegalStateException(where + " must be a hash such as {bcrypt}$2a$10$..., not plain text");
		}
		return value;
	}

}
