package dev.tccledger.ledger.journal;

/**
 * The business event a journal transaction records. Stored by name.
 */
public enum JournalKind {

	DEPOSIT, TRANSFER, FREEZE, CAPTURE, RELEASE,

	/**
	 * a channel payment credited to a customer (channel clearing account to the customer)
	 */
	RECHARGE

}
