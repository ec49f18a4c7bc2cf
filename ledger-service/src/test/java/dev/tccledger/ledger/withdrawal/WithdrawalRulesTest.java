package dev.tccledger.ledger.withdrawal;

import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.CHANNEL_FAILED;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.CHANNEL_MISMATCH;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.CHANNEL_SUCCEEDED;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.PROCESSING_TOO_LONG;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.RESOLVED_FAILED;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.RESOLVED_SUCCEEDED;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.RETRIES_EXHAUSTED;
import static dev.tccledger.ledger.withdrawal.WithdrawalEvent.SUBMIT_UNKNOWN;
import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.CAPTURE;
import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.NONE;
import static dev.tccledger.ledger.withdrawal.WithdrawalMovement.RELEASE;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.FAILED;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.NEEDS_ATTENTION;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.PROCESSING;
import static dev.tccledger.ledger.withdrawal.WithdrawalStatus.SUCCEEDED;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.ALREADY;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.APPLIED;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.CONTRADICTS;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.IGNORED;
import static dev.tccledger.ledger.withdrawal.WithdrawalTransition.Verdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

/** Every cell of the withdrawal state table (docs/architecture.md). */
class WithdrawalRulesTest {

	static Stream<Arguments> cells() {
		return Stream.of(
				// PROCESSING: only the channel's word moves money
				cell(PROCESSING, CHANNEL_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(PROCESSING, CHANNEL_FAILED, FAILED, RELEASE, APPLIED),
				cell(PROCESSING, CHANNEL_MISMATCH, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(PROCESSING, RETRIES_EXHAUSTED, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, PROCESSING_TOO_LONG, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(PROCESSING, RESOLVED_FAILED, null, NONE, REFUSED),
				// NEEDS_ATTENTION: the channel's word or a person's
				cell(NEEDS_ATTENTION, CHANNEL_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(NEEDS_ATTENTION, CHANNEL_FAILED, FAILED, RELEASE, APPLIED),
				cell(NEEDS_ATTENTION, CHANNEL_MISMATCH, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(NEEDS_ATTENTION, RETRIES_EXHAUSTED, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, PROCESSING_TOO_LONG, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, RESOLVED_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(NEEDS_ATTENTION, RESOLVED_FAILED, FAILED, RELEASE, APPLIED),
				// SUCCEEDED: final, never un-captured
				cell(SUCCEEDED, CHANNEL_SUCCEEDED, null, NONE, ALREADY),
				cell(SUCCEEDED, CHANNEL_FAILED, null, NONE, CONTRADICTS),
				cell(SUCCEEDED, CHANNEL_MISMATCH, null, NONE, IGNORED),
				cell(SUCCEEDED, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(SUCCEEDED, RETRIES_EXHAUSTED, null, NONE, IGNORED),
				cell(SUCCEEDED, PROCESSING_TOO_LONG, null, NONE, IGNORED),
				cell(SUCCEEDED, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(SUCCEEDED, RESOLVED_FAILED, null, NONE, REFUSED),
				// FAILED: final, never captured afterwards
				cell(FAILED, CHANNEL_SUCCEEDED, null, NONE, CONTRADICTS),
				cell(FAILED, CHANNEL_FAILED, null, NONE, ALREADY), cell(FAILED, CHANNEL_MISMATCH, null, NONE, IGNORED),
				cell(FAILED, SUBMIT_UNKNOWN, null, NONE, IGNORED), cell(FAILED, RETRIES_EXHAUSTED, null, NONE, IGNORED),
				cell(FAILED, PROCESSING_TOO_LONG, null, NONE, IGNORED),
				cell(FAILED, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(FAILED, RESOLVED_FAILED, null, NONE, REFUSED));
	}

	static Arguments cell(WithdrawalStatus from, WithdrawalEvent event, WithdrawalStatus to,
			WithdrawalMovement movement, WithdrawalTransition.Verdict verdict) {
		return Arguments.of(from, event, new WithdrawalTransition(to, movement, verdict));
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@MethodSource("cells")
	void eachCell(WithdrawalStatus from, WithdrawalEvent event, WithdrawalTransition expected) {
		assertThat(WithdrawalRules.decide(event, from)).isEqualTo(expected);
	}

	@Test
	void theTableAboveIsEveryCell() {
		assertThat(cells().count())
			.isEqualTo((long) WithdrawalStatus.values().length * WithdrawalEvent.values().length);
	}

	@Test
	void moneyMovesOnlyOnTheChannelsWordOrAPersons() {
		for (WithdrawalStatus from : WithdrawalStatus.values()) {
			for (WithdrawalEvent event : EnumSet.of(SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG,
					CHANNEL_MISMATCH)) {
				assertThat(WithdrawalRules.decide(event, from).movement()).as("%s + %s", from, event).isEqualTo(NONE);
			}
		}
	}

}
