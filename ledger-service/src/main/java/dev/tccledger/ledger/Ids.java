package dev.tccledger.ledger;

import dev.tccledger.support.rules.InputRules;

/**
 * The shapes of identifiers the API accepts: the rules both services share
 * ({@link InputRules}), refused as the ledger's VALIDATION_FAILED.
 */
public final class Ids {

	private Ids() {
	}

	public static String requireId(String field, String value) {
		return InputRules.requireId(field, value, Ids::invalid);
	}

	/** An ISO 4217 code the JDK knows, in upper case. */
	public static String requireCurrency(String value) {
		return InputRules.requireCurrency(value, Ids::invalid);
	}

	private static LedgerException invalid(String detail) {
		return new LedgerException(LedgerError.VALIDATION_FAILED, detail);
	}

}
