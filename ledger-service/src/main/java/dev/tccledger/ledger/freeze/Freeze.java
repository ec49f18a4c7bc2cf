package dev.tccledger.ledger.freeze;

import java.time.LocalDateTime;

/**
 * One TCC branch on the ledger: the reservation of {@code amount} on {@code accountId}
 * for {@code payeeAccountId}, and the guard against out-of-order phase calls. Its
 * transitions are decided by {@link FreezeRules}; the row's unique keys settle races.
 */
public class Freeze {

	private Long freezeId;

	private String xid;

	private long branchId;

	private String orderNo;

	private String accountId;

	private String payeeAccountId;

	private long amount;

	private String currency;

	private FreezeStatus status;

	private String liveKey;

	private Long duplicateOf;

	private String settledBy;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	static Freeze tried(String xid, long branchId, FreezeRequest request, String currency, LocalDateTime now) {
		Freeze freeze = of(xid, branchId, request, now);
		freeze.currency = currency;
		freeze.status = FreezeStatus.TRIED;
		freeze.liveKey = liveKey(request.orderNo(), request.accountId());
		return freeze;
	}

	/**
	 * Written by a cancel that found no try, so that the late try is refused
	 * (suspension).
	 */
	static Freeze emptyRollbackMarker(String xid, long branchId, FreezeRequest context, LocalDateTime now) {
		Freeze freeze = of(xid, branchId, context, now);
		freeze.status = FreezeStatus.CANCELLED;
		freeze.settledBy = "TC";
		return freeze;
	}

	static Freeze duplicateOf(Freeze original, long branchId, LocalDateTime now) {
		Freeze freeze = new Freeze();
		freeze.xid = original.xid;
		freeze.branchId = branchId;
		freeze.orderNo = original.orderNo;
		freeze.accountId = original.accountId;
		freeze.payeeAccountId = original.payeeAccountId;
		freeze.amount = original.amount;
		freeze.currency = original.currency;
		freeze.status = FreezeStatus.DUPLICATE;
		freeze.duplicateOf = original.freezeId;
		freeze.createdAt = now;
		freeze.updatedAt = now;
		return freeze;
	}

	private static Freeze of(String xid, long branchId, FreezeRequest request, LocalDateTime now) {
		Freeze freeze = new Freeze();
		freeze.xid = xid;
		freeze.branchId = branchId;
		if (request != null) {
			freeze.orderNo = request.orderNo();
			freeze.accountId = request.accountId();
			freeze.payeeAccountId = request.payeeAccountId();
			freeze.amount = Math.max(0, request.amount());
		}
		freeze.createdAt = now;
		freeze.updatedAt = now;
		return freeze;
	}

	static String liveKey(String orderNo, String accountId) {
		return orderNo + "|" + accountId;
	}

	/** Whether a resent try asks for the same thing as this freeze. */
	boolean sameRequest(FreezeRequest request) {
		return this.amount == request.amount() && this.payeeAccountId.equals(request.payeeAccountId());
	}

	public Long getFreezeId() {
		return this.freezeId;
	}

	public void setFreezeId(Long freezeId) {
		this.freezeId = freezeId;
	}

	public String getXid() {
		return this.xid;
	}

	public void setXid(String xid) {
		this.xid = xid;
	}

	public long getBranchId() {
		return this.branchId;
	}

	public void setBranchId(long branchId) {
		this.branchId = branchId;
	}

	public String getOrderNo() {
		return this.orderNo;
	}

	public void setOrderNo(String orderNo) {
		this.orderNo = orderNo;
	}

	public String getAccountId() {
		return this.accountId;
	}

	public void setAccountId(String accountId) {
		this.accountId = accountId;
	}

	public String getPayeeAccountId() {
		return this.payeeAccountId;
	}

	public void setPayeeAccountId(String payeeAccountId) {
		this.payeeAccountId = payeeAccountId;
	}

	public long getAmount() {
		return this.amount;
	}

	public void setAmount(long amount) {
		this.amount = amount;
	}

	public String getCurrency() {
		return this.currency;
	}

	public void setCurrency(String currency) {
		this.currency = currency;
	}

	public FreezeStatus getStatus() {
		return this.status;
	}

	public void setStatus(FreezeStatus status) {
		this.status = status;
	}

	public String getLiveKey() {
		return this.liveKey;
	}

	public void setLiveKey(String liveKey) {
		this.liveKey = liveKey;
	}

	public Long getDuplicateOf() {
		return this.duplicateOf;
	}

	public void setDuplicateOf(Long duplicateOf) {
		this.duplicateOf = duplicateOf;
	}

	public String getSettledBy() {
		return this.settledBy;
	}

	public void setSettledBy(String settledBy) {
		this.settledBy = settledBy;
	}

	public LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(LocalDateTime createdAt) {
		this.createdAt = createdAt;
	}

	public LocalDateTime getUpdatedAt() {
		return this.updatedAt;
	}

	public void setUpdatedAt(LocalDateTime updatedAt) {
		this.updatedAt = updatedAt;
	}

}
