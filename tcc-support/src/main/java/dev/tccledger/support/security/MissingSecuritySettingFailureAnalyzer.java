package dev.tccledger.support.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a missing security setting as what is wrong and what to set, without a stack
 * trace.
 */
final class MissingSecuritySettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecuritySettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSecuritySettingException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
