package dev.tccledger.order.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;

/**
 * A validated request to pay an order: one leg per paying account. Its hash is the
 * idempotency fingerprint: the same orderNo with another body is a conflict.
 */
public record PlaceOrder(String orderNo, String payeeAccountId, String currency, List<Leg> legs) {

	public record Leg(String accountId, long amount) {
	}

	public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

	/**
	 * A split payment over more legs than this is refused: each leg is a branch at the
	 * TC.
	 */
	public static final int MAX_LEGS = 10;

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	public PlaceOrder {
		requireId("orderNo", orderNo);
		requireId("payeeAccountId", payeeAccountId);
		if (currency == null || !CURRENCY.matcher(currency).matches() || !knownCurrency(currency)) {
			throw invalid("currency must be an ISO 4217 code such as CNY");
		}
		if (legs == null || legs.isEmpty() || legs.size() > MAX_LEGS) {
			throw invalid("legs must hold 1 to " + MAX_LEGS + " payments");
		}
		Set<String> payers = new HashSet<>();
		long total = 0;
		for (Leg leg : legs) {
			if (leg == null) {
				throw invalid("a leg must not be null");
			}
			requireId("legs[].accountId", leg.accountId());
			if (leg.amount() <= 0 || leg.amount() > MAX_AMOUNT) {
				throw invalid("legs[].amount must be an integer in minor units, > 0 and <= " + MAX_AMOUNT);
			}
			if (!payers.add(leg.accountId())) {
				throw invalid("each paying account may appear in one leg only: " + leg.accountId());
			}
			if (leg.accountId().equals(payeeAccountId)) {
				throw invalid("the payee cannot pay itself: " + leg.accountId());
			}
			total = Math.addExact(total, leg.amount());
		}
		if (total > MAX_AMOUNT) {
			throw invalid("the order's total must be <= " + MAX_AMOUNT);
		}
		legs = List.copyOf(legs);
	}

	public long amount() {
		return this.legs.stream().mapToLong(Leg::amount).sum();
	}

	String fingerprint() {
		StringBuilder canonical = new StringBuilder().append(this.orderNo)
			.append('|')
			.append(this.payeeAccountId)
			.append('|')
			.append(this.currency);
		for (Leg leg : this.legs) {
			canonical.append('|').append(leg.accountId()).append('=').append(leg.amount());
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void requireId(String field, String value) {
		if (value == null || !ID.matcher(value).matches()) {
			throw invalid(field + " must be 1-64 characters of [A-Za-z0-9._:-]");
		}
	}

	private static boolean knownCurrency(String code) {
		try {
			java.util.Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static OrderException invalid(String detail) {
		return new OrderException(OrderError.VALIDATION_FAILED, detail);
	}

}
