package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Fit;

/**
 * An order and its payment legs, as last read. The row is also the guard of the order's
 * own TCC branch. Its transitions are asked of the order ({@link #decide}) and answered
 * by {@link OrderRules}; {@link OrderStore} writes the answer with a conditional update
 * against the state read here, so a transition decided on a stale read writes nothing and
 * is decided again.
 */
final class Order {

	// set by MyBatis from the row (field access: no setters)

	private String orderNo;

	private String payeeAccountId;

	private String currency;

	private long amount;

	private OrderStatus status;

	/** The sum of the order's SUCCEEDED refunds. */
	private long refunded;

	private String reason;

	private String reasonDetail;

	private String xid;

	private Long branchId;

	private String requestHash;

	private String createdBy;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	private List<OrderLeg> legs = new ArrayList<>();

	private Order() {
	}

	/**
	 * A new order, PENDING, not yet bound to a global transaction, placed by
	 * {@code createdBy} (the caller's token subject).
	 */
	static Order place(PlaceOrder request, String createdBy, LocalDateTime now) {
		Order order = new Order();
		order.orderNo = request.orderNo();
		order.payeeAccountId = request.payeeAccountId();
		order.currency = request.currency();
		order.amount = request.amount();
		order.status = OrderStatus.PENDING;
		order.requestHash = request.fingerprint();
		order.createdBy = createdBy;
		order.createdAt = now;
		order.updatedAt = now;
		for (int i = 0; i < request.legs().size(); i++) {
			PlaceOrder.Leg leg = request.legs().get(i);
			order.legs.add(new OrderLeg(order.orderNo, i + 1, leg.accountId(), leg.amount()));
		}
		return order;
	}

	/**
	 * What phase two expects to find: the order PENDING in its transaction with its
	 * branch joined. Deciding on it first saves a read on every payment; a wrong guess
	 * misses the conditional update and is decided again on the row.
	 */
	static Order expectedPending(String orderNo, String xid, Long branchId) {
		Order order = new Order();
		order.orderNo = orderNo;
		order.status = OrderStatus.PENDING;
		order.xid = xid;
		order.branchId = branchId;
		return order;
	}

	/** How this order stands to a global transaction and branch. */
	Fit fit(String xid, Long branchId) {
		return Fit.of(this.xid, this.branchId, xid, branchId);
	}

	/**
	 * What a client sees: the payment's status, and for a PAID order with refunds how far
	 * it is refunded.
	 */
	String shownStatus() {
		return RefundRules.shownStatus(this.status, this.amount, this.refunded);
	}

	/** What {@code event} of that transaction and branch does to this order. */
	Decision decide(Event event, String xid, Long branchId) {
		return OrderRules.decide(this.status, fit(xid, branchId), event);
	}

	boolean failed() {
		return this.status == OrderStatus.FAILED;
	}

	boolean paid() {
		return this.status == OrderStatus.PAID;
	}

	boolean joined() {
		return this.branchId != null;
	}

	boolean placedAs(String fingerprint) {
		return this.requestHash.equals(fingerprint);
	}

	Order withLegs(List<OrderLeg> legs) {
		this.legs = List.copyOf(legs);
		return this;
	}

	String getOrderNo() {
		return this.orderNo;
	}

	String getPayeeAccountId() {
		return this.payeeAccountId;
	}

	String getCurrency() {
		return this.currency;
	}

	long getAmount() {
		return this.amount;
	}

	long getRefunded() {
		return this.refunded;
	}

	OrderStatus getStatus() {
		return this.status;
	}

	String getReason() {
		return this.reason;
	}

	String getReasonDetail() {
		return this.reasonDetail;
	}

	String getXid() {
		return this.xid;
	}

	Long getBranchId() {
		return this.branchId;
	}

	String getRequestHash() {
		return this.requestHash;
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

	List<OrderLeg> getLegs() {
		return this.legs;
	}

}
