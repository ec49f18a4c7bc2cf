package dev.tccledger.ledger.journal;

import java.time.LocalDateTime;

/** The header row of a journal transaction, as MyBatis writes it. */
class JournalTxRow {

	Long journalTxId;

	String kind;

	String currency;

	String xid;

	Long branchId;

	String orderNo;

	String reference;

	String createdBy;

	String actor;

	LocalDateTime createdAt;

	public Long getJournalTxId() {
		return this.journalTxId;
	}

	public void setJournalTxId(Long journalTxId) {
		this.journalTxId = journalTxId;
	}

	public String getKind() {
		return this.kind;
	}

	public String getCurrency() {
		return this.currency;
	}

	public String getXid() {
		return this.xid;
	}

	public Long getBranchId() {
		return this.branchId;
	}

	public String getOrderNo() {
		return this.orderNo;
	}

	public String getReference() {
		return this.reference;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public String getActor() {
		return this.actor;
	}

	public LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

}
