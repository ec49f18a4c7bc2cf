package dev.tccledger.order.order;

/** One payment leg: one paying account, one ledger branch. */
public class OrderLeg {

	private String orderNo;

	private int legNo;

	private String accountId;

	private long amount;

	private Long freezeId;

	public String getOrderNo() {
		return this.orderNo;
	}

	public void setOrderNo(String orderNo) {
		this.orderNo = orderNo;
	}

	public int getLegNo() {
		return this.legNo;
	}

	public void setLegNo(int legNo) {
		this.legNo = legNo;
	}

	public String getAccountId() {
		return this.accountId;
	}

	public void setAccountId(String accountId) {
		this.accountId = accountId;
	}

	public long getAmount() {
		return this.amount;
	}

	public void setAmount(long amount) {
		this.amount = amount;
	}

	public Long getFreezeId() {
		return this.freezeId;
	}

	public void setFreezeId(Long freezeId) {
		this.freezeId = freezeId;
	}

}
