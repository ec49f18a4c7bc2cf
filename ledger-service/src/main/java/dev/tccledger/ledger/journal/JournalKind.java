package dev.tccledger.ledger.journal;

/**
 * The business event a journal transaction records. Stored by name.
 */
public enum JournalKind {

	DEPOSIT, TRANSFER, FREEZE, CAPTURE, RELEASE,

	/** A withdrawal's amount held (available to frozen) until the channel's word. */
	WITHDRAWAL_HOLD,
	/** A withdrawal paid out: frozen to the channel's clearing account. */
	WITHDRAWAL_CAPTURE,
	/** A withdrawal not paid out: frozen back to available. */
	WITHDRAWAL_RELEASE,
	/**
	 * a channel payment credited to a customer (channel clearing account to the customer)
	 */
	RECHARGE,

	/**
	 * A refund of a paid order reserved: the order's payee's available to its frozen (the
	 * refund branch's try).
	 */
	ORDER_REFUND_HOLD,
	/** A refund of a paid order made: the payee's frozen to the paying leg's account. */
	ORDER_REFUND_CAPTURE,
	/** A refund of a paid order released: the payee's frozen back to its available. */
	ORDER_REFUND_RELEASE,

	/**
	 * A recharge refund's amount held (available to frozen) until the channel's word.
	 */
	RECHARGE_REFUND_HOLD,
	/** A recharge refunded at the channel: frozen to the channel's clearing account. */
	RECHARGE_REFUND_CAPTURE,
	/** A recharge refund the channel did not make: frozen back to available. */
	RECHARGE_REFUND_RELEASE

}
