package dev.tccledger.order.payment;

/**
 * What one refund gives back to one paying account: one ledger refund branch
 * ({@code freezeId} once tried).
 */
final class RefundLeg {

	// set by MyBatis from the row (field access: no setters)

	private String refundNo;

	private int legNo;

	private String accountId;

	private long amount;

	private Long freezeId;

	private RefundLeg() {
	}

	RefundLeg(String refundNo, int legNo, String accountId, long amount) {
		this.refundNo = refundNo;
		this.legNo = legNo;
		this.accountId = accountId;
		this.amount = amount;
	}

	String getRefundNo() {
		return this.refundNo;
	}

	int getLegNo() {
		return this.legNo;
	}

	String getAccountId() {
		return this.accountId;
	}

	long getAmount() {
		return this.amount;
	}

	Long getFreezeId() {
		return this.freezeId;
	}

}
