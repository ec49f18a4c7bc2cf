package dev.tccledger.order.payment;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds an order once per refundNo: the first request is checked against the order
 * ({@link RefundRules}), recorded with its split, and run ({@link GlobalRefund}); the
 * same refundNo with the same body again is a replay answering the refund as it stands
 * now; with another body it is a conflict.
 */
@Service
class OrderRefunds {

	private final RefundMapper rows;

	private final RefundStore refunds;

	private final OrderStore orders;

	private final GlobalRefund global;

	private final TransactionTemplate tx;

	OrderRefunds(RefundMapper rows, RefundStore refunds, OrderStore orders, GlobalRefund global,
			TransactionTemplate tx) {
		this.rows = rows;
		this.refunds = refunds;
		this.orders = orders;
		this.global = global;
		this.tx = tx;
	}

	/** The refund as it stands after the request, and whether it was already there. */
	record Made(Refund refund, boolean replay) {
	}

	Made refund(RefundRequest request, String caller) {
		Refund recorded = replayOf(request);
		if (recorded != null) {
			return new Made(recorded, true);
		}
		Order order = this.orders.get(request.orderNo());
		OrderError refused = RefundRules.admit(order.getStatus(), order.getAmount(), order.getRefunded(),
				request.amount());
		if (refused != null) {
			throw new OrderException(refused, "order " + order.getOrderNo() + " is " + order.shownStatus() + " with "
					+ (order.getAmount() - order.getRefunded()) + " left to refund");
		}
		Map<String, Long> refunded = this.rows.refundedByAccount(order.getOrderNo())
			.stream()
			.collect(Collectors.toMap(RefundMapper.AccountRefunded::accountId, RefundMapper.AccountRefunded::refunded));
		long[] left = RefundRules.left(order.getLegs(), refunded);
		long[] amounts = (request.legs() != null) ? RefundRules.named(accounts(order), left, request.legs())
				: RefundRules.split(left, request.amount());
		if (amounts == null) {
			throw new OrderException(OrderError.REFUND_EXCEEDS_PAID,
					"the paying legs have less left to refund than " + request.amount());
		}
		Refund refund = Refund.record(request, order.getLegs(), amounts, caller, OrderClock.now());
		try {
			this.tx.executeWithoutResult((status) -> {
				this.rows.insert(refund);
				this.rows.insertLegs(refund.getLegs());
			});
		}
		catch (DuplicateKeyException taken) {
			return new Made(replayOf(request), true);
		}
		return new Made(this.global.run(this.refunds.get(refund.getRefundNo()), order), false);
	}

	/** An order's refunds with their legs, oldest first. */
	List<Refund> of(String orderNo) {
		return this.rows.ofOrder(orderNo).stream().map((r) -> r.withLegs(this.rows.legs(r.getRefundNo()))).toList();
	}

	/**
	 * The refund already recorded under this refundNo, or null; a conflict if another.
	 */
	private Refund replayOf(RefundRequest request) {
		Refund recorded = this.refunds.find(request.refundNo());
		if (recorded == null) {
			return null;
		}
		if (!recorded.requestedAs(request.fingerprint())) {
			throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT,
					"refund " + request.refundNo() + " was requested with another body");
		}
		return this.refunds.get(request.refundNo());
	}

	private static List<String> accounts(Order order) {
		return order.getLegs().stream().map(OrderLeg::getAccountId).toList();
	}

}
