package dev.tccledger.ledger.web;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;

/**
 * What every controller checks of a request body. Body fields are boxed so that a missing
 * one is told apart from zero; Jackson is strict (unknown fields, fractions and
 * strings-for-numbers are refused, see application.yml).
 */
public final class Requests {

	private Requests() {
	}

	public static <T> T required(String field, T value) {
		if (value == null) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, field + " is required");
		}
		return value;
	}

	public static int limit(Integer limit, int defaultLimit) {
		int value = (limit != null) ? limit : defaultLimit;
		if (value < 1 || value > 500) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "limit must be between 1 and 500");
		}
		return value;
	}

}
