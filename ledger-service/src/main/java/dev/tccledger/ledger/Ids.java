package dev.tccledger.ledger;

import java.util.Currency;
import java.util.regex.Pattern;

/**
 * The shapes of identifiers the API accepts.
 */
public final class Ids {

	public static final String ID_REGEX = "[A-Za-z0-9._:-]{1,64}";

	private static final Pattern ID = Pattern.compile(ID_REGEX);

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private Ids() {
	}

	public static String requireId(String field, String value) {
		if (value == null || !ID.matcher(value).matches()) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					field + " must be 1-64 characters of [A-Za-z0-9._:-]");
		}
		return value;
	}

	/** An ISO 4217 code the JDK knows, in upper case. */
	public static String requireCurrency(String value) {
		if (value == null || !CURRENCY.matcher(value).matches() || !isKnownCurrency(value)) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"currency must be an ISO 4217 code such as CNY, was " + value);
		}
		return value;
	}

	private static boolean isKnownCurrency(String code) {
		try {
			Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
