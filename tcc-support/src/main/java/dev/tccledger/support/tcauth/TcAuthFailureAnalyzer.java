package dev.tccledger.support.tcauth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing TC secret into Boot's short start-up report instead of a stack trace.
 * Public because spring.factories instantiates it.
 */
public class TcAuthFailureAnalyzer extends AbstractFailureAnalyzer<TcAuthEnvironmentPostProcessor.Refused> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcAuthEnvironmentPostProcessor.Refused cause) {
		return new FailureAnalysis("The service refused to start: " + cause.getMessage() + ".",
				"Set " + TcAuthEnvironmentPostProcessor.SECRET + " (e.g. the environment variable TCC_TCAUTH_SECRET)"
						+ " to this service's secret and give the TC the same one in TC_CLIENT_SECRETS"
						+ " (docs/operations.md, The TC's registration credential).",
				cause);
	}

}
