package dev.tccledger.ledger.outbound;

/** The money a transition moves, as one journal posting. */
public enum OutboundMovement {

	/**
	 * The account's frozen to the channel's clearing account: the money left with the
	 * payout or the refund.
	 */
	CAPTURE,
	/** The account's frozen back to its available: the channel moved nothing. */
	RELEASE,

	NONE

}
