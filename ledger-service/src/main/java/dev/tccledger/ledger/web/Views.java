package dev.tccledger.ledger.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.anomaly.Anomaly;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.freeze.Freeze;
import dev.tccledger.ledger.freeze.FreezeStatus;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalEntry;
import dev.tccledger.ledger.journal.JournalKind;

/**
 * The JSON shapes of API.md. Stored times are UTC; the API shows them as instants.
 */
final class Views {

	private Views() {
	}

	record AccountView(String accountId, AccountKind kind, String currency, long available, long frozen, long total) {
		static AccountView of(Account a) {
			return new AccountView(a.getAccountId(), a.getKind(), a.getCurrency(), a.getAvailable(), a.getFrozen(),
					a.total());
		}
	}

	record BalanceView(String accountId, String currency, long available, long frozen, long total) {
		static BalanceView of(Account a) {
			return new BalanceView(a.getAccountId(), a.getCurrency(), a.getAvailable(), a.getFrozen(), a.total());
		}
	}

	record FreezeView(long freezeId, String xid, long branchId, String orderNo, String accountId, String payeeAccountId,
			long amount, FreezeStatus status, Instant createdAt, Instant updatedAt) {
		static FreezeView of(Freeze f) {
			return new FreezeView(f.getFreezeId(), f.getXid(), f.getBranchId(), f.getOrderNo(), f.getAccountId(),
					f.getPayeeAccountId(), f.getAmount(), f.getStatus(), utc(f.getCreatedAt()), utc(f.getUpdatedAt()));
		}
	}

	record TryView(long freezeId, String xid, long branchId, FreezeStatus status) {
		static TryView of(Freeze f) {
			return new TryView(f.getFreezeId(), f.getXid(), f.getBranchId(), f.getStatus());
		}
	}

	record JournalView(long journalTxId, JournalKind kind, Bucket bucket, long delta, String xid, String orderNo,
			String reference, String createdBy, Instant createdAt) {
		static JournalView of(JournalEntry e) {
			return new JournalView(e.journalTxId(), e.kind(), e.bucket(), e.delta(), e.xid(), e.orderNo(),
					e.reference(), e.createdBy(), utc(e.createdAt()));
		}
	}

	record TransferView(String transferId, BalanceView from, BalanceView to) {
	}

	record AnomalyView(long anomalyId, AnomalyKind kind, String xid, long branchId, String detail, int occurrences,
			boolean escalated, String resolvedBy, String resolutionNote, Instant resolvedAt, Instant createdAt,
			Instant lastSeenAt) {
		static AnomalyView of(Anomaly a) {
			return new AnomalyView(a.anomalyId(), a.kind(), a.xid(), a.branchId(), a.detail(), a.occurrences(),
					a.escalated(), a.resolvedBy(), a.resolutionNote(), utc(a.resolvedAt()), utc(a.createdAt()),
					utc(a.lastSeenAt()));
		}
	}

	static Instant utc(LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

}
