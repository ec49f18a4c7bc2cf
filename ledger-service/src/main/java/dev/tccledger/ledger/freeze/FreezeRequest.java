package dev.tccledger.ledger.freeze;

/**
 * What a try asks for: reserve {@code amount} of {@code accountId} for
 * {@code payeeAccountId} on behalf of {@code orderNo}. A refund of a paid order names its
 * {@code refundNo} and runs the payment in reverse: {@code accountId} is the order's
 * payee, {@code payeeAccountId} the paying leg's account. A cancel carries the same
 * values from the branch's action context, so that its empty-rollback marker says what it
 * guards.
 */
public record FreezeRequest(String orderNo, String accountId, String payeeAccountId, long amount, String refundNo) {

	/** A payment's try. */
	public FreezeRequest(String orderNo, String accountId, String payeeAccountId, long amount) {
		this(orderNo, accountId, payeeAccountId, amount, null);
	}

	/**
	 * A refund's try: {@code amount} back from the order's payee to the account that
	 * paid.
	 */
	public static FreezeRequest refund(String orderNo, String refundNo, String payeeOfOrder, String payingAccount,
			long amount) {
		return new FreezeRequest(orderNo, payeeOfOrder, payingAccount, amount, refundNo);
	}

	public FreezeKind kind() {
		return (this.refundNo != null) ? FreezeKind.REFUND : FreezeKind.PAYMENT;
	}

}
