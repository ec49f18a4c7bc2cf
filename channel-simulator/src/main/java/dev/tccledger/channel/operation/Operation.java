package dev.tccledger.channel.operation;

import java.time.Instant;

/**
 * A payment, payout or refund as the channel holds it. The rules of settlement live here:
 * {@link #due(Instant)} says what an unattended operation becomes, {@link #settledBy}
 * what a hand on {@code /pay} or {@code /fail} makes of it.
 */
record Operation(String channelTxId, String merchant, OperationType type, String reference, String request, long amount,
		String currency, String notifyUrl, String destination, String paymentReference, OperationStatus status,
		String reason, Plan plan, Instant createdAt, Instant settleAt, Instant expiresAt, Instant settledAt) {

	static final String EXPIRED_REASON = "PAYMENT_EXPIRED";

	/**
	 * The settlement due at {@code now}, or null while nothing is due. A payment whose
	 * expiry comes no later than the customer would have paid is closed unpaid.
	 */
	Settlement due(Instant now) {
		if (this.status != OperationStatus.PROCESSING) {
			return null;
		}
		boolean expired = this.expiresAt != null && !this.expiresAt.isAfter(now)
				&& (this.settleAt == null || !this.expiresAt.isAfter(this.settleAt));
		if (expired) {
			return new Settlement(OperationStatus.EXPIRED, EXPIRED_REASON);
		}
		if (this.settleAt == null || this.settleAt.isAfter(now)) {
			return null;
		}
		return (this.plan.outcome() == Outcome.FAIL) ? new Settlement(OperationStatus.FAILED, this.type.failureReason())
				: new Settlement(OperationStatus.SUCCEEDED, null);
	}

	Operation withPlan(Plan plan) {
		return new Operation(this.channelTxId, this.merchant, this.type, this.reference, this.request, this.amount,
				this.currency, this.notifyUrl, this.destination, this.paymentReference, this.status, this.reason, plan,
				this.createdAt, this.settleAt, this.expiresAt, this.settledAt);
	}

	/**
	 * What a hand on {@code /pay} or {@code /fail} does at {@code now}: settles an
	 * operation still in progress; asking for what already happened is a replay; asking
	 * for the other outcome, or for anything once the payment expired, is refused.
	 */
	Transition settledBy(Settlement asked, Instant now) {
		if (this.status == OperationStatus.PROCESSING) {
			boolean expired = this.expiresAt != null && !this.expiresAt.isAfter(now);
			return expired ? Transition.REFUSE : Transition.APPLY;
		}
		return (this.status == asked.status()) ? Transition.ALREADY : Transition.REFUSE;
	}

	/** The status and reason an operation settles with. */
	record Settlement(OperationStatus status, String reason) {
	}

	enum Transition {

		APPLY, ALREADY, REFUSE

	}

}
