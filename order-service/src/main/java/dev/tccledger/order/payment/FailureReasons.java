package dev.tccledger.order.payment;

import feign.FeignException;
import feign.RetryableException;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.ledger.LedgerRefusal;
import dev.tccledger.order.ledger.LedgerRefusals;

import org.springframework.stereotype.Component;

/**
 * Why a payment failed, as the order records it: the TM writes the reason on the PENDING
 * order before it rolls back (the TC's cancel, which marks the order FAILED, keeps it),
 * and replaces the cancel's generic ROLLED_BACK when it learns more (the TC timed the
 * transaction out).
 */
@Component
class FailureReasons {

	private static final int MAX_DETAIL = 512;

	private final OrderMapper orders;

	FailureReasons(OrderMapper orders) {
		this.orders = orders;
	}

	/** On a PENDING order without a reason yet. */
	void record(String orderNo, OrderError reason, String detail) {
		this.orders.recordReason(orderNo, reason.name(), truncate(detail), OrderClock.now());
	}

	/** On a FAILED order whose reason is the cancel's generic one. */
	void refine(String orderNo, OrderError reason, String detail) {
		this.orders.refineReason(orderNo, reason.name(), truncate(detail), OrderClock.now());
	}

	/**
	 * Why the payment failed; Seata wraps what a TCC try throws, so the causes are
	 * searched.
	 */
	static LedgerRefusal classify(RuntimeException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof LedgerRefusal refusal) {
				return refusal;
			}
			if (cause instanceof RetryableException || cause instanceof FeignException) {
				return LedgerRefusals.ioFailure(cause);
			}
			if (cause instanceof OrderException refused) {
				return new LedgerRefusal(refused.error(), null, refused.getMessage());
			}
		}
		return new LedgerRefusal(OrderError.INTERNAL_ERROR, null, detail(failure));
	}

	static String detail(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	static String truncate(String detail) {
		return (detail == null || detail.length() <= MAX_DETAIL) ? detail : detail.substring(0, MAX_DETAIL);
	}

}
