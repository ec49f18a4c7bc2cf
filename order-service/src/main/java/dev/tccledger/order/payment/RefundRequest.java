package dev.tccledger.order.payment;

import java.util.List;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.rules.InputRules;

/**
 * A validated request to refund part or all of an order. {@code legs} is null when the
 * split is left to order-service ({@link RefundRules#split}); else it names what goes
 * back to each paying account. Its hash is the idempotency fingerprint: the same refundNo
 * with another body is a conflict.
 */
record RefundRequest(String refundNo, String orderNo, long amount, String reason, List<Leg> legs) {

	record Leg(String accountId, long amount) {
	}

	static final int MAX_REASON = 200;

	RefundRequest {
		InputRules.requireId("refundNo", refundNo, RefundRequest::invalid);
		InputRules.requireId("orderNo", orderNo, RefundRequest::invalid);
		InputRules.requireAmount("amount", amount, RefundRequest::invalid);
		if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
			throw invalid("reason must be 1 to " + MAX_REASON + " characters");
		}
		if (legs != null) {
			if (legs.isEmpty() || legs.size() > PlaceOrder.MAX_LEGS) {
				throw invalid("legs, when given, must hold 1 to " + PlaceOrder.MAX_LEGS + " refunds");
			}
			long total = 0;
			for (Leg leg : legs) {
				if (leg == null) {
					throw invalid("a leg must not be null");
				}
				InputRules.requireId("legs[].accountId", leg.accountId(), RefundRequest::invalid);
				InputRules.requireAmount("legs[].amount", leg.amount(), RefundRequest::invalid);
				if (legs.stream().filter((other) -> other.accountId().equals(leg.accountId())).count() > 1) {
					throw invalid("each account may appear in one leg only: " + leg.accountId());
				}
				total = Math.addExact(total, leg.amount());
			}
			if (total != amount) {
				throw invalid("the legs add up to " + total + ", the refund is " + amount);
			}
			legs = List.copyOf(legs);
		}
	}

	String fingerprint() {
		StringBuilder canonical = new StringBuilder().append(this.refundNo)
			.append('|')
			.append(this.orderNo)
			.append('|')
			.append(this.amount)
			.append('|')
			.append(this.reason);
		if (this.legs != null) {
			this.legs.forEach((leg) -> canonical.append('|').append(leg.accountId()).append('=').append(leg.amount()));
		}
		return PlaceOrder.sha256(canonical.toString());
	}

	private static OrderException invalid(String detail) {
		return new OrderException(OrderError.VALIDATION_FAILED, detail);
	}

}
