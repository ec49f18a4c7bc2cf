package dev.tccledger.ledger.web;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.AccountKind;

/**
 * Request bodies. Fields are boxed so that a missing one is told apart from zero; Jackson
 * is strict (unknown fields, fractions and strings-for-numbers are refused, see
 * application.yml).
 */
final class Requests {

	private Requests() {
	}

	record OpenAccount(String accountId, AccountKind kind, String currency) {
	}

	record Deposit(Long amount, String reference) {
	}

	/** {@code currency} is optional: when given, the payer's account must hold it. */
	record Freeze(String orderNo, String accountId, String payeeAccountId, Long amount, String currency) {
	}

	record Transfer(String transferId, String fromAccountId, String toAccountId, Long amount) {
	}

	record Resolution(String resolvedBy, String note) {
	}

	static <T> T required(String field, T value) {
		if (value == null) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, field + " is required");
		}
		return value;
	}

	static int limit(Integer limit, int defaultLimit) {
		int value = (limit != null) ? limit : defaultLimit;
		if (value < 1 || value > 500) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "limit must be between 1 and 500");
		}
		return value;
	}

}
