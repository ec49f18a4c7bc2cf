package dev.tccledger.order.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.rules.InputRules;

/**
 * A validated request to pay an order: one leg per paying account. Its hash is the
 * idempotency fingerprint: the same orderNo with another body is a conflict.
 */
record PlaceOrder(String orderNo, String payeeAccountId, String currency, List<Leg> legs) {

	record Leg(String accountId, long amount) {
	}

	/**
	 * A split payment over more legs than this is refused: each leg is a branch at the
	 * TC.
	 */
	static final int MAX_LEGS = 10;

	PlaceOrder {
		InputRules.requireId("orderNo", orderNo, PlaceOrder::invalid);
		InputRules.requireId("payeeAccountId", payeeAccountId, PlaceOrder::invalid);
		InputRules.requireCurrency(currency, PlaceOrder::invalid);
		if (legs == null || legs.isEmpty() || legs.size() > MAX_LEGS) {
			throw invalid("legs must hold 1 to " + MAX_LEGS + " payments");
		}
		Set<String> payers = new HashSet<>();
		long total = 0;
		for (Leg leg : legs) {
			if (leg == null) {
				throw invalid("a leg must not be null");
			}
			InputRules.requireId("legs[].accountId", leg.accountId(), PlaceOrder::invalid);
			InputRules.requireAmount("legs[].amount", leg.amount(), PlaceOrder::invalid);
			if (!payers.add(leg.accountId())) {
				throw invalid("each paying account may appear in one leg only: " + leg.accountId());
			}
			if (leg.accountId().equals(payeeAccountId)) {
				throw invalid("the payee cannot pay itself: " + leg.accountId());
			}
			total = Math.addExact(total, leg.amount());
		}
		if (!InputRules.isValidAmount(total)) {
			throw invalid("the order's total must be <= " + InputRules.MAX_AMOUNT_MINOR);
		}
		legs = List.copyOf(legs);
	}

	long amount() {
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
		return sha256(canonical.toString());
	}

	/** The hex SHA-256 of a request's canonical form: its idempotency fingerprint. */
	static String sha256(String canonical) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OrderException invalid(String detail) {
		return new OrderException(OrderError.VALIDATION_FAILED, detail);
	}

}
