package dev.tccledger.ledger;

import dev.tccledger.support.rules.InputRules;

/**
 * Amounts are integers in minor units. What an acceptable amount is, is decided once for
 * both services ({@link InputRules}); this class maps a violation to the ledger's error.
 */
public final class Money {

	public static final long MAX_AMOUNT = InputRules.MAX_AMOUNT_MINOR;

	private Money() {
	}

	public static boolean isValidAmount(long amountMinor) {
		return InputRules.isValidAmount(amountMinor);
	}

	public static long requireValidAmount(long amountMinor) {
		return InputRules.requireAmount("amount", amountMinor,
				(why) -> new LedgerException(LedgerError.VALIDATION_FAILED, why));
	}

	public static long add(long a, long b) {
		return Math.addExact(a, b);
	}

	public static long negate(long a) {
		return Math.negateExact(a);
	}

}
