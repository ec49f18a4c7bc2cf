package dev.tccledger.order.payment;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.ledger.FreezeRecord;
import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Fit;
import dev.tccledger.order.payment.OrderRules.Settlement;

/**
 * Refund rules (docs/architecture.md, Refunds): which orders may be refunded and by how
 * much, how a refund is split across the legs that paid, and the refund record's state
 * table, which is the order's with SUCCEEDED in the place of PAID. Order-service's checks
 * here answer the usual refusal early; the ledger's claim on each captured payment is the
 * guard that holds under races.
 */
final class RefundRules {

	private RefundRules() {
	}

	/**
	 * Why a refund of {@code requested} cannot start on an order in {@code status} of
	 * {@code amount} with {@code refunded} already given back; null when it may.
	 */
	static OrderError admit(OrderStatus status, long amount, long refunded, long requested) {
		if (status != OrderStatus.PAID) {
			return OrderError.ORDER_NOT_PAID;
		}
		return (requested > amount - refunded) ? OrderError.REFUND_EXCEEDS_PAID : null;
	}

	/**
	 * The split of {@code amount} over the paying legs, in their order, proportional to
	 * what each has left to refund ({@code left}: paid minus refunded; for an order not
	 * refunded yet, what each paid): each leg gets the floor of its share in minor units,
	 * and the units the floors leave over go to the first leg, as far as it has room,
	 * then to the next. Legs that get 0 are in the result with 0. Null when
	 * {@code amount} is more than all legs have left.
	 */
	static long[] split(long[] left, long amount) {
		long total = 0;
		for (long l : left) {
			total = Math.addExact(total, l);
		}
		if (amount > total) {
			return null;
		}
		long[] shares = new long[left.length];
		long remainder = amount;
		for (int i = 0; i < left.length; i++) {
			// amount x left can pass 2^63 (10^15 x 10^15): computed exactly
			shares[i] = BigInteger.valueOf(amount)
				.multiply(BigInteger.valueOf(left[i]))
				.divide(BigInteger.valueOf(total))
				.longValueExact();
			remainder -= shares[i];
		}
		for (int i = 0; i < left.length && remainder > 0; i++) {
			long extra = Math.min(remainder, left[i] - shares[i]);
			shares[i] += extra;
			remainder -= extra;
		}
		return shares;
	}

	/**
	 * The amounts a request that names its legs gives back to each paying leg, in the
	 * legs' order; {@code left} per paying account. Throws when a named account did not
	 * pay the order ({@code ORDER_NOT_PAID}) or would get more than it has left
	 * ({@code REFUND_EXCEEDS_PAID}).
	 */
	static long[] named(List<String> payingAccounts, long[] left, List<RefundRequest.Leg> legs) {
		long[] amounts = new long[payingAccounts.size()];
		for (RefundRequest.Leg leg : legs) {
			int i = payingAccounts.indexOf(leg.accountId());
			if (i < 0) {
				throw new OrderException(OrderError.ORDER_NOT_PAID, leg.accountId() + " did not pay this order");
			}
			if (leg.amount() > left[i]) {
				throw new OrderException(OrderError.REFUND_EXCEEDS_PAID,
						leg.accountId() + " has " + left[i] + " left to refund, " + leg.amount() + " asked");
			}
			amounts[i] = leg.amount();
		}
		return amounts;
	}

	/** What each paying account has left to refund: paid minus its SUCCEEDED refunds. */
	static long[] left(List<OrderLeg> legs, Map<String, Long> refundedByAccount) {
		return legs.stream()
			.mapToLong((leg) -> leg.getAmount() - refundedByAccount.getOrDefault(leg.getAccountId(), 0L))
			.toArray();
	}

	/**
	 * What a client sees of an order's status: the payment's, and for a PAID order with
	 * refunds PARTIALLY_REFUNDED, then REFUNDED once all of it is given back.
	 */
	static String shownStatus(OrderStatus status, long amount, long refunded) {
		if (status != OrderStatus.PAID || refunded == 0) {
			return status.name();
		}
		return (refunded == amount) ? "REFUNDED" : "PARTIALLY_REFUNDED";
	}

	/**
	 * The refund record's state table: the order's ({@link OrderRules#decide}), SUCCEEDED
	 * in the place of PAID, so every guard of the order's branch (empty rollback, a
	 * confirm after a cancel, a try after the transaction moved on) holds for a refund's
	 * branch. {@code status} null: no such refund.
	 */
	static Decision decide(RefundStatus status, Fit fit, Event event) {
		return OrderRules.decide((status != null) ? status.asOrderStatus() : null, fit, event);
	}

	/**
	 * What recovery does with a PENDING refund of {@code legs} legs whose TC is done with
	 * it, from the ledger's freezes of its order: the order's table
	 * ({@link OrderRules#settle}) over the refund branches of this refund in this
	 * transaction only (the order's payment and its other refunds are freezes of the same
	 * order; duplicates left out).
	 */
	static Settlement settle(String refundNo, String xid, int legs, List<FreezeRecord> freezes) {
		List<FreezeRecord> mine = freezes.stream()
			.filter((f) -> "REFUND".equals(f.kind()) && refundNo.equals(f.refundNo()) && xid.equals(f.xid())
					&& !"DUPLICATE".equals(f.status()))
			.toList();
		long confirmed = mine.stream().filter((f) -> "CONFIRMED".equals(f.status())).count();
		long tried = mine.stream().filter((f) -> "TRIED".equals(f.status())).count();
		return OrderRules.settle(legs, confirmed, tried);
	}

}
