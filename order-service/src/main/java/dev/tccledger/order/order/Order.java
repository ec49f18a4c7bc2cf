package dev.tccledger.order.order;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * An order and its payment legs. The row is also the guard of the order's own TCC branch:
 * phase two moves it PENDING to PAID or FAILED with a conditional update.
 */
public class Order {

	private String orderNo;

	private String payeeAccountId;

	private String currency;

	private long amount;

	private OrderStatus status;

	private String reason;

	private String reasonDetail;

	private String xid;

	private Long branchId;

	private String requestHash;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	private List<OrderLeg> legs = new ArrayList<>();

	public String getOrderNo() {
		return this.orderNo;
	}

	public void setOrderNo(String orderNo) {
		this.orderNo = orderNo;
	}

	public String getPayeeAccountId() {
		return this.payeeAccountId;
	}

	public void setPayeeAccountId(String payeeAccountId) {
		this.payeeAccountId = payeeAccountId;
	}

	public String getCurrency() {
		return this.currency;
	}

	public void setCurrency(String currency) {
		this.currency = currency;
	}

	public long getAmount() {
		return this.amount;
	}

	public void setAmount(long amount) {
		this.amount = amount;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public void setStatus(OrderStatus status) {
		this.status = status;
	}

	public String getReason() {
		return this.reason;
	}

	public void setReason(String reason) {
		this.reason = reason;
	}

	public String getReasonDetail() {
		return this.reasonDetail;
	}

	public void setReasonDetail(String reasonDetail) {
		this.reasonDetail = reasonDetail;
	}

	public String getXid() {
		return this.xid;
	}

	public void setXid(String xid) {
		this.xid = xid;
	}

	public Long getBranchId() {
		return this.branchId;
	}

	public void setBranchId(Long branchId) {
		this.branchId = branchId;
	}

	public String getRequestHash() {
		return this.requestHash;
	}

	public void setRequestHash(String requestHash) {
		this.requestHash = requestHash;
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

	public List<OrderLeg> getLegs() {
		return this.legs;
	}

	public void setLegs(List<OrderLeg> legs) {
		this.legs = legs;
	}

}
