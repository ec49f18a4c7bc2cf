package dev.tccledger.ledger.journal;

/**
 * The business event a journal transaction records. Stored by name.
 */
public enum JournalKind {

	DEPOSIT, TRANSFER, FREEZE, CAPTURE, RELEASE

}
