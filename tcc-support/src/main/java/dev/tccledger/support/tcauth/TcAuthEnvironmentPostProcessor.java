package dev.tccledger.support.tcauth;

import java.util.Arrays;

import dev.tccledger.support.security.EmbeddedDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Resolves the secret this service signs its TC registrations with and hands it to
 * {@link TcAuthRpcHook}. An environment post-processor because it must run before Seata's
 * GlobalTransactionScanner initialises the TM and RM clients, which register at once; it
 * runs last among them so that application.yml, profiles and arguments are all read.
 * <p>
 * {@code tcc.tc-auth.secret} wins. Without it the embedded default (no profile, or only
 * {@code faults}) signs with the development secret the embedded TC knows
 * ({@code dev-<application-id>-secret}); any other profile refuses to start.
 */
public class TcAuthEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	public static final String SECRET = "tcc.tc-auth.secret";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("seata.enabled", Boolean.class, true)) {
			return;
		}
		TcAuthSecret.set(resolve(environment));
	}

	static String resolve(Environment environment) {
		String secret = environment.getProperty(SECRET);
		if (secret != null && !secret.isBlank()) {
			return secret;
		}
		if (!EmbeddedDefaults.isEmbedded(environment)) {
			throw new Refused("profile(s) " + Arrays.toString(environment.getActiveProfiles()) + " active, but "
					+ SECRET + " is not set: outside the embedded default this service must sign its TM and RM"
					+ " registrations at the TC with its own secret, the one the TC has for it in TC_CLIENT_SECRETS");
		}
		String applicationId = environment.getProperty("seata.application-id",
				environment.getProperty("spring.application.name", ""));
		return TcCredential.developmentSecret(applicationId);
	}

	/** Why the service did not start; {@link TcAuthFailureAnalyzer} prints it. */
	static final class Refused extends IllegalStateException {

		Refused(String message) {
			super(message);
		}

	}

}
