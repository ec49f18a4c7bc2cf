package dev.tccledger.ledger.freeze;

import dev.tccledger.ledger.journal.JournalKind;

/**
 * The money a transition of a freeze moves, as one journal posting; {@link #NONE} for a
 * transition that only changes the row.
 */
enum Movement {

	/** try: the payer's available to the payer's frozen. */
	FREEZE(JournalKind.FREEZE),
	/** confirm: the payer's frozen to the payee's available. */
	CAPTURE(JournalKind.CAPTURE),
	/** cancel: the payer's frozen back to the payer's available. */
	RELEASE(JournalKind.RELEASE),

	NONE(null);

	private final JournalKind journalKind;

	Movement(JournalKind journalKind) {
		this.journalKind = journalKind;
	}

	JournalKind journalKind() {
		return this.journalKind;
	}

}
