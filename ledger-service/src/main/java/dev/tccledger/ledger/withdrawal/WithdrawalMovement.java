package dev.tccledger.ledger.withdrawal;

/** The money a transition moves, as one journal posting. */
enum WithdrawalMovement {

	/**
	 * The account's frozen to the channel's clearing account: the money left with the
	 * payout.
	 */
	CAPTURE,
	/** The account's frozen back to its available: no payout happened. */
	RELEASE,

	NONE

}
