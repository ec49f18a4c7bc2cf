package dev.tccledger.ledger.freeze;

import dev.tccledger.ledger.journal.JournalKind;

/**
 * What a freeze reserves money for. Stored by name. A refund of a paid order is the
 * payment in reverse on the same table: the order's payee is frozen, the paying leg's
 * account is credited on confirm.
 */
public enum FreezeKind {

	PAYMENT, REFUND;

	/** The journal kind of a movement of this kind of freeze. */
	JournalKind journalKind(Movement movement) {
		if (this == PAYMENT) {
			return movement.journalKind();
		}
		return switch (movement) {
			case FREEZE -> JournalKind.ORDER_REFUND_HOLD;
			case CAPTURE -> JournalKind.ORDER_REFUND_CAPTURE;
			case RELEASE -> JournalKind.ORDER_REFUND_RELEASE;
			case NONE -> throw new IllegalArgumentException("no posting for " + movement);
		};
	}

}
