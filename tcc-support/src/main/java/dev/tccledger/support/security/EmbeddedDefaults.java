package dev.tccledger.support.security;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Security defaults that exist only in the embedded default, the one-command run with no
 * Spring profile (or only the test-only {@code faults} profile): the development issuer
 * on 127.0.0.1:9000. Under any other profile nothing is filled in, and a service without
 * an issuer from its environment refuses to start
 * ({@link MissingSecuritySettingException}). Every service accepts tokens for its own
 * name as audience unless told otherwise.
 */
public final class EmbeddedDefaults implements EnvironmentPostProcessor, Ordered {

	public static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	public static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

	public static final String DEVELOPMENT_ISSUER = "http://127.0.0.1:9000";

	/**
	 * Profiles that keep the embedded default: they switch on test hooks, not
	 * deployments.
	 */
	private static final Set<String> EMBEDDED_PROFILES = Set.of("default", "faults");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new HashMap<>();
		String name = environment.getProperty("spring.application.name");
		if (name != null && !environment.containsProperty(AUDIENCES)) {
			defaults.put(AUDIENCES, name);
		}
		if (isEmbedded(environment) && !environment.containsProperty(ISSUER_URI)) {
			defaults.put(ISSUER_URI, DEVELOPMENT_ISSUER);
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("tccEmbeddedSecurityDefaults", defaults));
		}
	}

	/**
	 * True when the only active profiles (if any) are test hooks: development credentials
	 * may then be assumed. Services use the same rule for their own development secrets.
	 */
	public static boolean isEmbedded(Environment environment) {
		return Arrays.stream(environment.getActiveProfiles()).allMatch(EMBEDDED_PROFILES::contains);
	}

	@Override
	public int getOrder() {
		// after the config data (application.yml, profiles) is loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

}
