package dev.tccledger.ledger;

/**
 * Amounts are integers in minor units. One place decides what an acceptable amount is.
 */
public final class Money {

	/**
	 * 10^15 minor units: far above any single payment, far below overflow when summed.
	 */
	public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

	private Money() {
	}

	public static boolean isValidAmount(long amountMinor) {
		return amountMinor > 0 && amountMinor <= MAX_AMOUNT;
	}

	public static long requireValidAmount(long amountMinor) {
		if (!isValidAmount(amountMinor)) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"amount must be an integer in minor units, > 0 and <= " + MAX_AMOUNT + ", was " + amountMinor);
		}
		return amountMinor;
	}

	public static long add(long a, long b) {
		return Math.addExact(a, b);
	}

	public static long negate(long a) {
		return Math.negateExact(a);
	}

}
