package dev.tccledger.support.rules;

import java.util.Currency;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shapes both services accept for identifiers, currencies and amounts
 * (docs/http-api.md). A violation is handed to the caller's {@code refuse} function, so
 * each service answers it with its own error code.
 */
public final class InputRules {

	/** Ids, references and idempotency keys: safe in a URL path, a log line and a key. */
	public static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";

	/** 10^15 minor units: far above any payment, far below where sums overflow a long. */
	public static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000L;

	private static final Pattern ID = Pattern.compile(ID_PATTERN);

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private InputRules() {
	}

	public static String requireId(String field, String value, Function<String, ? extends RuntimeException> refuse) {
		if (value == null || !ID.matcher(value).matches()) {
			throw refuse.apply(field + " must be 1-64 characters of [A-Za-z0-9._:-]");
		}
		return value;
	}

	/** An ISO 4217 code the JDK knows, in upper case. */
	public static String requireCurrency(String value, Function<String, ? extends RuntimeException> refuse) {
		if (value == null || !CURRENCY.matcher(value).matches() || !isKnownCurrency(value)) {
			throw refuse.apply("currency must be an ISO 4217 code such as CNY, was " + value);
		}
		return value;
	}

	public static boolean isValidAmount(long amountMinor) {
		return amountMinor > 0 && amountMinor <= MAX_AMOUNT_MINOR;
	}

	/** An amount in minor units, {@code > 0} and {@code <= 10^15}. */
	public static long requireAmount(String field, long amountMinor,
			Function<String, ? extends RuntimeException> refuse) {
		if (!isValidAmount(amountMinor)) {
			throw refuse.apply(field + " must be an integer in minor units, > 0 and <= " + MAX_AMOUNT_MINOR + ", was "
					+ amountMinor);
		}
		return amountMinor;
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
