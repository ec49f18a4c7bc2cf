package dev.tccledger.ledger.journal;

import java.time.LocalDateTime;

/**
 * One journal line of one account, with its transaction's context, as the journal
 * endpoint shows it.
 */
public record JournalEntry(long journalTxId, JournalKind kind, Bucket bucket, long delta, String xid, String orderNo,
		String reference, String createdBy, LocalDateTime createdAt) {
}
