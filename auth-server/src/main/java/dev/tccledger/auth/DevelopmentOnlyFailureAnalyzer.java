package dev.tccledger.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns the guard's refusal into Boot's short start-up report instead of a stack trace.
 * Public because spring.factories instantiates it.
 */
public class DevelopmentOnlyFailureAnalyzer extends AbstractFailureAnalyzer<DevelopmentOnly.Refused> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentOnly.Refused cause) {
		return new FailureAnalysis("The development issuer refused to start: " + cause.getMessage() + ".",
				"Point the services at a real authorization server (their issuer setting), or, for a development"
						+ " run only, start this one with --" + DevelopmentOnly.PROPERTY + "=true.",
				cause);
	}

}
