package dev.tccledger.channel.operation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;

/**
 * What a create request must hold; checked before anything is stored. References and
 * destinations have no commas or line breaks, so a statement line needs no quoting.
 */
final class Requests {

	private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private static final Pattern DESTINATION = Pattern.compile("[\\x21-\\x7E&&[^,]]{1,128}");

	static final long MAX_AMOUNT = 1_000_000_000_000_000L;

	private Requests() {
	}

	/**
	 * {@code POST /sim/v1/payments}; {@code expiresInSeconds} defaults from the settings.
	 */
	record PaymentRequest(String reference, Long amount, String currency, String notifyUrl, Long expiresInSeconds) {
	}

	/** {@code POST /sim/v1/payouts}. */
	record PayoutRequest(String reference, Long amount, String currency, String destination, String notifyUrl) {
	}

	/** {@code POST /sim/v1/refunds}; the currency, when given, must be the payment's. */
	record RefundRequest(String reference, String paymentReference, Long amount, String currency, String notifyUrl) {
	}

	static String reference(String field, String value) {
		if (value == null || !REFERENCE.matcher(value).matches()) {
			throw invalid(field + " must be 1-64 characters of A-Z a-z 0-9 . _ : - (starting with a letter or digit)");
		}
		return value;
	}

	static long amount(Long value) {
		if (value == null || value < 1 || value > MAX_AMOUNT) {
			throw invalid("amount must be a whole number of minor units, 1.." + MAX_AMOUNT);
		}
		return value;
	}

	static String currency(String value) {
		if (value == null || !CURRENCY.matcher(value).matches()) {
			throw invalid("currency must be three capital letters (ISO 4217)");
		}
		return value;
	}

	static String notifyUrl(String value) {
		try {
			URI uri = (value == null || value.length() > 500) ? null : new URI(value);
			if (uri != null && uri.getHost() != null
					&& ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				return value;
			}
		}
		catch (URISyntaxException ex) {
			// refused below
		}
		throw invalid("notifyUrl must be an absolute http(s) URL of at most 500 characters");
	}

	static String destination(String value) {
		if (value == null || !DESTINATION.matcher(value).matches()) {
			throw invalid("destination must be 1-128 printable characters without spaces or commas");
		}
		return value;
	}

	static long expiresInSeconds(Long value, long byDefault) {
		long seconds = (value == null) ? byDefault : value;
		if (seconds < 1 || seconds > 604_800) {
			throw invalid("expiresInSeconds must be 1..604800");
		}
		return seconds;
	}

	private static ChannelException invalid(String detail) {
		return new ChannelException(ChannelError.VALIDATION_FAILED, detail);
	}

}
