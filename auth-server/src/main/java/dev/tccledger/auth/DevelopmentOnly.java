package dev.tccledger.auth;

import java.util.Arrays;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * The rule that keeps the development clients and users out of anything but the embedded
 * default: {@code auth.dev-clients=false} refuses to start, and so does an active profile
 * other than {@code default} unless {@code auth.dev-clients=true} says so explicitly. The
 * README of this module states the rule for operators.
 */
final class DevelopmentOnly {

	static final String PROPERTY = "auth.dev-clients";

	private DevelopmentOnly() {
	}

	static void check(Environment environment) {
		Boolean explicit = environment.getProperty(PROPERTY, Boolean.class);
		if (Boolean.FALSE.equals(explicit)) {
			throw new Refused(PROPERTY + "=false, but this issuer has nothing but its development clients and users"
					+ " (every secret is <client-id>-secret), so it has nothing to serve");
		}
		List<String> profiles = Arrays.stream(environment.getActiveProfiles())
			.filter((profile) -> !"default".equals(profile))
			.toList();
		if (explicit == null && !profiles.isEmpty()) {
			throw new Refused("profile(s) " + profiles + " active, but this issuer holds only development clients and"
					+ " users (every secret is <client-id>-secret); it starts outside the embedded default only with an"
					+ " explicit " + PROPERTY + "=true");
		}
	}

	/** Why the issuer did not start; {@link DevelopmentOnlyFailureAnalyzer} prints it. */
	static final class Refused extends IllegalStateException {

		Refused(String message) {
			super(message);
		}

	}

}
