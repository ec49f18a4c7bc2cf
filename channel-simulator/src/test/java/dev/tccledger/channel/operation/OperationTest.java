package dev.tccledger.channel.operation;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tccledger.channel.operation.Operation.Settlement;
import dev.tccledger.channel.operation.Operation.Transition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement table: one row per (type, status, plan, clock). Times are seconds from
 * creation.
 */
class OperationTest {

	@ParameterizedTest(name = "{0} {1} {2}, pays at {3}, expires at {4}, at {5} -> {6} {7}")
	@CsvSource(nullValues = "-", value = {
			// nothing is due before its time
			"PAYMENT, PROCESSING, SUCCEED, 1, 900, 0, -, -",
			// the customer pays
			"PAYMENT, PROCESSING, SUCCEED, 1, 900, 1, SUCCEEDED, -",
			"PAYMENT, PROCESSING, LOSE_CALLBACK, 1, 900, 2, SUCCEEDED, -",
			"PAYMENT, PROCESSING, FAIL, 1, 900, 1, FAILED, PAYER_DECLINED",
			// expiry before the customer would pay closes it unpaid; at the same instant
			// too
			"PAYMENT, PROCESSING, SUCCEED, 5, 3, 3, EXPIRED, PAYMENT_EXPIRED",
			"PAYMENT, PROCESSING, SUCCEED, 3, 3, 3, EXPIRED, PAYMENT_EXPIRED",
			"PAYMENT, PROCESSING, SUCCEED, 5, 3, 9, EXPIRED, PAYMENT_EXPIRED",
			// a customer who never pays on their own (auto-pay off)
			"PAYMENT, PROCESSING, SUCCEED, -, 3, 2, -, -",
			"PAYMENT, PROCESSING, SUCCEED, -, 3, 3, EXPIRED, PAYMENT_EXPIRED",
			// paid before the expiry: the expiry passing later changes nothing
			"PAYMENT, SUCCEEDED, SUCCEED, 1, 3, 9, -, -", "PAYMENT, FAILED, FAIL, 1, 3, 9, -, -",
			"PAYOUT, PROCESSING, SUCCEED, 1, -, 1, SUCCEEDED, -",
			"PAYOUT, PROCESSING, FAIL, 1, -, 1, FAILED, INSUFFICIENT_BALANCE_AT_CHANNEL",
			"PAYOUT, PROCESSING, TIMEOUT, 1, -, 1, SUCCEEDED, -",
			"REFUND, PROCESSING, FAIL, 1, -, 1, FAILED, PAYER_ACCOUNT_CLOSED",
			"REFUND, PROCESSING, DUPLICATE_CALLBACK, 1, -, 0, -, -",
			"REFUND, PROCESSING, DELAY, 1, -, 1, SUCCEEDED, -" })
	void due(OperationType type, OperationStatus status, Outcome outcome, Long settleAtS, Long expiresAtS, long nowS,
			OperationStatus expectedStatus, String expectedReason) {
		Operation operation = operation(type, status, outcome, settleAtS, expiresAtS);

		Settlement due = operation.due(at(nowS));

		if (expectedStatus == null) {
			assertThat(due).isNull();
		}
		else {
			assertThat(due).isEqualTo(new Settlement(expectedStatus, expectedReason));
		}
	}

	@ParameterizedTest(name = "{0} asked {1} at {2} -> {3}")
	@CsvSource({ "PROCESSING, SUCCEEDED, 0, APPLY", "PROCESSING, FAILED, 0, APPLY", "PROCESSING, SUCCEEDED, 899, APPLY",
			"SUCCEEDED, SUCCEEDED, 0, ALREADY", "FAILED, FAILED, 0, ALREADY", "SUCCEEDED, FAILED, 0, REFUSE",
			"FAILED, SUCCEEDED, 0, REFUSE", "EXPIRED, SUCCEEDED, 0, REFUSE", "EXPIRED, FAILED, 0, REFUSE",
			// past its expiry, before the clock closed it: too late for the customer
			"PROCESSING, SUCCEEDED, 900, REFUSE", "PROCESSING, FAILED, 901, REFUSE",
			// a replay of what happened stays a replay after the expiry
			"SUCCEEDED, SUCCEEDED, 901, ALREADY" })
	void settledByHand(OperationStatus status, OperationStatus asked, long nowS, Transition expected) {
		Operation payment = operation(OperationType.PAYMENT, status, Outcome.SUCCEED, 1L, 900L);

		assertThat(payment.settledBy(new Settlement(asked, null), at(nowS))).isEqualTo(expected);
	}

	private static Operation operation(OperationType type, OperationStatus status, Outcome outcome, Long settleAtS,
			Long expiresAtS) {
		return new Operation("id-1", "ledger", type, "r-1", "{}", 5000, "CNY", "http://127.0.0.1/notify", null, null,
				status, null, new Plan(outcome, 0), at(0), (settleAtS != null) ? at(settleAtS) : null,
				(expiresAtS != null) ? at(expiresAtS) : null, null);
	}

	private static Instant at(long seconds) {
		return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds);
	}

}
