package dev.tccledger.support.security;

import java.util.Arrays;

import org.springframework.core.env.Environment;

/**
 * A security setting that has a development default only in the embedded default is
 * missing under a real profile. Start-up stops with what to set, instead of falling back
 * to a development issuer or secret nobody chose.
 */
public class MissingSecuritySettingException extends IllegalStateException {

	private final String property;

	private final String action;

	public MissingSecuritySettingException(Environment environment, String property, String what, String example) {
		super(what + " is not configured (" + property + ") and the active profiles "
				+ Arrays.toString(environment.getActiveProfiles())
				+ " are not the embedded default, which alone has a development value");
		this.property = property;
		this.action = "Set " + property + " (environment variable " + envName(property) + "), e.g. " + example
				+ ". See the README, Tokens.";
	}

	public String property() {
		return this.property;
	}

	public String action() {
		return this.action;
	}

	static String envName(String property) {
		return property.toUpperCase().replace('.', '_').replace("-", "");
	}

}
