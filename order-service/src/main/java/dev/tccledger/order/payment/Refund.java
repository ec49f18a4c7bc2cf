package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Fit;

/**
 * A refund of an order and what it gives back to each paying leg, as last read. The row
 * is also the guard of the refund's own TCC branch, decided by {@link RefundRules} and
 * written by {@link RefundStore} with a conditional update, like an order.
 */
final class Refund {

	// set by MyBatis from the row (field access: no setters)

	private String refundNo;

	private String orderNo;

	private long amount;

	private String reason;

	private RefundStatus status;

	private String failure;

	private String failureDetail;

	private String xid;

	private Long branchId;

	private String requestHash;

	private String createdBy;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	private List<RefundLeg> legs = new ArrayList<>();

	private Refund() {
	}

	/**
	 * A new refund, PENDING, giving {@code amounts[i]} back to the order's i-th paying
	 * leg (legs that get 0 have no row and no branch).
	 */
	static Refund record(RefundRequest request, List<OrderLeg> paying, long[] amounts, String createdBy,
			LocalDateTime now) {
		Refund refund = new Refund();
		refund.refundNo = request.refundNo();
		refund.orderNo = request.orderNo();
		refund.amount = request.amount();
		refund.reason = request.reason();
		refund.status = RefundStatus.PENDING;
		refund.requestHash = request.fingerprint();
		refund.createdBy = createdBy;
		refund.createdAt = now;
		refund.updatedAt = now;
		for (int i = 0; i < paying.size(); i++) {
			if (amounts[i] > 0) {
				refund.legs.add(new RefundLeg(refund.refundNo, refund.legs.size() + 1, paying.get(i).getAccountId(),
						amounts[i]));
			}
		}
		return refund;
	}

	/** What phase two expects to find: PENDING in its transaction, its branch joined. */
	static Refund expectedPending(String refundNo, String xid, Long branchId) {
		Refund refund = new Refund();
		refund.refundNo = refundNo;
		refund.status = RefundStatus.PENDING;
		refund.xid = xid;
		refund.branchId = branchId;
		return refund;
	}

	Decision decide(Event event, String xid, Long branchId) {
		return RefundRules.decide(this.status, Fit.of(this.xid, this.branchId, xid, branchId), event);
	}

	boolean joined() {
		return this.branchId != null;
	}

	boolean requestedAs(String fingerprint) {
		return this.requestHash.equals(fingerprint);
	}

	Refund withLegs(List<RefundLeg> legs) {
		this.legs = List.copyOf(legs);
		return this;
	}

	String getRefundNo() {
		return this.refundNo;
	}

	String getOrderNo() {
		return this.orderNo;
	}

	long getAmount() {
		return this.amount;
	}

	String getReason() {
		return this.reason;
	}

	RefundStatus getStatus() {
		return this.status;
	}

	String getFailure() {
		return this.failure;
	}

	String getFailureDetail() {
		return this.failureDetail;
	}

	String getXid() {
		return this.xid;
	}

	Long getBranchId() {
		return this.branchId;
	}

	String getCreatedBy() {
		return this.createdBy;
	}

	LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

	LocalDateTime getUpdatedAt() {
		return this.updatedAt;
	}

	List<RefundLeg> getLegs() {
		return this.legs;
	}

}
