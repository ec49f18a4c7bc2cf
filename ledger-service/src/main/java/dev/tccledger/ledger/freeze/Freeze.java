package dev.tccledger.ledger.freeze;

import java.time.LocalDateTime;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.Posting;

/**
 * One TCC branch on the ledger: the reservation of {@code amount} on {@code accountId}
 * for {@code payeeAccountId}, and the guard against out-of-order phase calls. Created by
 * the transitions out of "no row" ({@link #tried}, {@link #emptyRollbackMarker},
 * {@link #duplicateOf}), moved on by {@link #moveTo}, its money moved by
 * {@link #posting}; which transition applies is {@link FreezeRules}' decision. No
 * setters: MyBatis fills the fields of a row it reads directly.
 */
public final class Freeze {

	private Long freezeId;

	private FreezeKind kind = FreezeKind.PAYMENT;

	/** The order-service refund a REFUND freeze is a leg of; null on a payment. */
	private String refundNo;

	/**
	 * On a payment's freeze: how much of its capture live refunds claim (FreezeMapper).
	 */
	private long refundClaimed;

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

	/** The caller of the try; null only on an empty-rollback marker (no try was made). */
	private String triedBy;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	private Freeze() {
	}

	static Freeze tried(String xid, long branchId, FreezeRequest request, String currency, Actor triedBy,
			LocalDateTime now) {
		Freeze freeze = of(xid, branchId, request, now);
		freeze.currency = currency;
		freeze.triedBy = triedBy.name();
		freeze.status = FreezeStatus.TRIED;
		freeze.liveKey = liveKey(request);
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

	/** A resent try's branch, tried by the caller that resent it. */
	static Freeze duplicateOf(Freeze original, long branchId, Actor triedBy, LocalDateTime now) {
		Freeze freeze = new Freeze();
		freeze.triedBy = triedBy.name();
		freeze.xid = original.xid;
		freeze.branchId = branchId;
		freeze.kind = original.kind;
		freeze.refundNo = original.refundNo;
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
			freeze.kind = request.kind();
			freeze.refundNo = request.refundNo();
		}
		freeze.createdAt = now;
		freeze.updatedAt = now;
		return freeze;
	}

	static String liveKey(String orderNo, String accountId) {
		return orderNo + "|" + accountId;
	}

	/**
	 * At most one live freeze per order and paying account, and per refund and paying
	 * account. A refund's key has two separators, a payment's one, so they never meet
	 * (ids hold no '|').
	 */
	static String liveKey(FreezeRequest request) {
		return (request.kind() == FreezeKind.REFUND) ? "refund|" + request.refundNo() + "|" + request.payeeAccountId()
				: liveKey(request.orderNo(), request.accountId());
	}

	/** The live key of the payment a refund freeze gives money back for. */
	String refundedPaymentKey() {
		return liveKey(this.orderNo, this.payeeAccountId);
	}

	/**
	 * The same change as the conditional update that moved the row (FreezeMapper):
	 * leaving TRIED for CANCELLED frees the order's live key, so the order may be paid
	 * again later.
	 */
	Freeze moveTo(FreezeStatus target, String by, LocalDateTime now) {
		this.status = target;
		this.settledBy = by;
		this.updatedAt = now;
		if (target == FreezeStatus.CANCELLED) {
			this.liveKey = null;
		}
		return this;
	}

	/**
	 * The journal posting of {@code movement} on this freeze, made through {@code by}
	 * (the channel: TCC, TC, SENTINEL) by {@code actor}.
	 */
	Posting posting(Movement movement, String by, Actor actor) {
		Posting posting = Posting.of(this.kind.journalKind(movement), this.currency, actor);
		switch (movement) {
			case FREEZE -> posting.move(this.accountId, Bucket.AVAILABLE, this.accountId, Bucket.FROZEN, this.amount);
			case CAPTURE ->
				posting.move(this.accountId, Bucket.FROZEN, this.payeeAccountId, Bucket.AVAILABLE, this.amount);
			case RELEASE -> posting.move(this.accountId, Bucket.FROZEN, this.accountId, Bucket.AVAILABLE, this.amount);
			case NONE -> throw new IllegalArgumentException("no posting for " + movement);
		}
		return posting.branch(this.xid, this.branchId, this.orderNo).createdBy(by);
	}

	/** What an anomaly's detail says about this freeze. */
	String describe() {
		String refund = (this.kind == FreezeKind.REFUND) ? "refund " + this.refundNo + " of " : "";
		return "freeze " + this.freezeId + " (" + refund + "order " + this.orderNo + ", " + this.amount + " on "
				+ this.accountId + ")";
	}

	/** Whether a resent try asks for the same thing as this freeze. */
	boolean sameRequest(FreezeRequest request) {
		return this.amount == request.amount() && this.payeeAccountId.equals(request.payeeAccountId());
	}

	public Long getFreezeId() {
		return this.freezeId;
	}

	public FreezeKind getKind() {
		return this.kind;
	}

	public String getRefundNo() {
		return this.refundNo;
	}

	public long getRefundClaimed() {
		return this.refundClaimed;
	}

	public String getXid() {
		return this.xid;
	}

	public long getBranchId() {
		return this.branchId;
	}

	public String getOrderNo() {
		return this.orderNo;
	}

	public String getAccountId() {
		return this.accountId;
	}

	public String getPayeeAccountId() {
		return this.payeeAccountId;
	}

	public long getAmount() {
		return this.amount;
	}

	public String getCurrency() {
		return this.currency;
	}

	public FreezeStatus getStatus() {
		return this.status;
	}

	public String getLiveKey() {
		return this.liveKey;
	}

	public Long getDuplicateOf() {
		return this.duplicateOf;
	}

	public String getSettledBy() {
		return this.settledBy;
	}

	public String getTriedBy() {
		return this.triedBy;
	}

	public LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

	public LocalDateTime getUpdatedAt() {
		return this.updatedAt;
	}

}
