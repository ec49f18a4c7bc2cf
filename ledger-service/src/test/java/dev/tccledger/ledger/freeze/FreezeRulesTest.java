package dev.tccledger.ledger.freeze;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tccledger.ledger.anomaly.AnomalyKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCC state table of docs/architecture.md, one row per cell: (call, state) gives the
 * whole transition (outcome, target state, money moved, anomaly recorded) and whether
 * Seata is told it succeeded.
 */
class FreezeRulesTest {

	@ParameterizedTest(name = "{0} on {1} -> {2}")
	@CsvSource(nullValues = "NONE", textBlock = """
			# call,  state,     outcome,                  target,    movement, anomaly,              succeeded
			TRY,     NONE,      FROZEN,                   TRIED,     FREEZE,   NONE,                 true
			TRY,     TRIED,     TRY_REPLAYED,             NONE,      NONE,     NONE,                 true
			TRY,     CONFIRMED, TRY_AFTER_CONFIRM,        NONE,      NONE,     NONE,                 false
			TRY,     CANCELLED, SUSPENSION_REJECTED,      NONE,      NONE,     SUSPENSION_REJECTED,  false
			TRY,     DUPLICATE, RESENT_TRY,               NONE,      NONE,     NONE,                 true
			CONFIRM, NONE,      CONFIRM_WITHOUT_TRY,      NONE,      NONE,     CONFIRM_WITHOUT_TRY,  false
			CONFIRM, TRIED,     CAPTURED,                 CONFIRMED, CAPTURE,  NONE,                 true
			CONFIRM, CONFIRMED, DUPLICATE_CONFIRM,        NONE,      NONE,     DUPLICATE_CONFIRM,    true
			CONFIRM, CANCELLED, CONFIRM_AFTER_CANCEL,     NONE,      NONE,     CONFIRM_AFTER_CANCEL, false
			CONFIRM, DUPLICATE, DUPLICATE_BRANCH_SETTLED, NONE,      NONE,     NONE,                 true
			CANCEL,  NONE,      EMPTY_ROLLBACK,           CANCELLED, NONE,     EMPTY_ROLLBACK,       true
			CANCEL,  TRIED,     RELEASED,                 CANCELLED, RELEASE,  NONE,                 true
			CANCEL,  CONFIRMED, CANCEL_AFTER_CONFIRM,     NONE,      NONE,     CANCEL_AFTER_CONFIRM, false
			CANCEL,  CANCELLED, DUPLICATE_CANCEL,         NONE,      NONE,     DUPLICATE_CANCEL,     true
			CANCEL,  DUPLICATE, DUPLICATE_BRANCH_SETTLED, NONE,      NONE,     NONE,                 true
			""")
	void everyCellOfTheStateTable(Phase call, FreezeStatus state, Outcome outcome, FreezeStatus target, String movement,
			AnomalyKind anomaly, boolean succeeded) {
		Transition expected = new Transition(outcome, target,
				(movement != null) ? Movement.valueOf(movement) : Movement.NONE, anomaly);
		Transition transition = FreezeRules.decide(call, state);
		assertThat(transition).isEqualTo(expected);
		assertThat(transition.outcome().succeeded()).isEqualTo(succeeded);
	}

	@ParameterizedTest
	@CsvSource({ "CONFIRM, ", "CONFIRM, CANCELLED", "CANCEL, CONFIRMED" })
	void stateConflictsAreEscalatedAndFailSoTheTcRetries(Phase call, FreezeStatus state) {
		Transition conflict = FreezeRules.decide(call, state);
		assertThat(conflict.outcome().succeeded()).isFalse();
		assertThat(conflict.anomaly().escalated()).isTrue();
		assertThat(conflict.changesState()).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Phase.class)
	void aPhaseFirstAssumesTheStateOfItsUsualCellSoThatItCostsOneWrite(Phase call) {
		Transition usual = FreezeRules.decide(call, FreezeRules.assumed(call));
		assertThat(usual.changesState()).isTrue();
		assertThat(usual.outcome().succeeded()).isTrue();
	}

}
