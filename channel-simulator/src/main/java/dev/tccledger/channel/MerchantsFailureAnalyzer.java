package dev.tccledger.channel;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused merchant configuration into Boot's short start-up report. Public
 * because spring.factories instantiates it.
 */
public class MerchantsFailureAnalyzer extends AbstractFailureAnalyzer<Merchants.Refused> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, Merchants.Refused cause) {
		return new FailureAnalysis("The channel simulator refused to start: " + cause.getMessage() + ".",
				"Set channel.merchant-keys (e.g. ledger=<key>) and channel.callback-secrets (e.g. ledger=<secret>),"
						+ " or run without a profile for the development merchant.",
				cause);
	}

}
