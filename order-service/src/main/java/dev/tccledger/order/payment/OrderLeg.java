package dev.tccledger.order.payment;

/**
 * One payment leg: one paying account, one ledger branch ({@code freezeId} once tried).
 */
final class OrderLeg {

	// set by MyBatis from the row (field access: no setters)

	private String orderNo;

	private int legNo;

	private String accountId;

	private long amount;

	private Long freezeId;

	private OrderLeg() {
	}

	OrderLeg(String orderNo, int legNo, String accountId, long amount) {
		this.orderNo = orderNo;
		this.legNo = legNo;
		this.accountId = accountId;
		this.amount = amount;
	}

	String getOrderNo() {
		return this.orderNo;
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
