package dev.tccledger.ledger.freeze;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tccledger.ledger.anomaly.AnomalyKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's TCC state table, one row per cell: (call, state) gives an outcome, whether
 * Seata is told it succeeded, whether money moves, and which anomaly is recorded.
 */
class FreezeRulesTest {

	@ParameterizedTest(name = "{0} on {1} -> {2}")
	@CsvSource(nullValues = "NONE", textBlock = """
			# call,  state,     outcome,                  succeeded, moves, anomaly
			TRY,     NONE,      FROZEN,                   true,      true,  NONE
			TRY,     TRIED,     TRY_REPLAYED,             true,      false, NONE
			TRY,     CONFIRMED, TRY_AFTER_CONFIRM,        false,     false, NONE
			TRY,     CANCELLED, SUSPENSION_REJECTED,      false,     false, SUSPENSION_REJECTED
			TRY,     DUPLICATE, RESENT_TRY,               true,      false, NONE
			CONFIRM, NONE,      CONFIRM_WITHOUT_TRY,      false,     false, CONFIRM_WITHOUT_TRY
			CONFIRM, TRIED,     CAPTURED,                 true,      true,  NONE
			CONFIRM, CONFIRMED, DUPLICATE_CONFIRM,        true,      false, DUPLICATE_CONFIRM
			CONFIRM, CANCELLED, CONFIRM_AFTER_CANCEL,     false,     false, CONFIRM_AFTER_CANCEL
			CONFIRM, DUPLICATE, DUPLICATE_BRANCH_SETTLED, true,      false, NONE
			CANCEL,  NONE,      EMPTY_ROLLBACK,           true,      false, EMPTY_ROLLBACK
			CANCEL,  TRIED,     RELEASED,                 true,      true,  NONE
			CANCEL,  CONFIRMED, CANCEL_AFTER_CONFIRM,     false,     false, CANCEL_AFTER_CONFIRM
			CANCEL,  CANCELLED, DUPLICATE_CANCEL,         true,      false, DUPLICATE_CANCEL
			CANCEL,  DUPLICATE, DUPLICATE_BRANCH_SETTLED, true,      false, NONE
			""")
	void everyCellOfTheStateTable(Phase call, FreezeStatus state, Outcome expected, boolean succeeded, boolean moves,
			AnomalyKind anomaly) {
		Outcome outcome = FreezeRules.decide(call, state);
		assertThat(outcome).isEqualTo(expected);
		assertThat(outcome.succeeded()).isEqualTo(succeeded);
		assertThat(outcome.movesMoney()).isEqualTo(moves);
		assertThat(outcome.anomaly()).isEqualTo(anomaly);
	}

	@ParameterizedTest
	@CsvSource({ "CONFIRM_WITHOUT_TRY", "CONFIRM_AFTER_CANCEL", "CANCEL_AFTER_CONFIRM" })
	void stateConflictsAreEscalatedAndFailSoTheTcRetries(Outcome outcome) {
		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.anomaly().escalated()).isTrue();
	}

}
