package dev.tccledger.ledger.recharge;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recharge state table of docs/architecture.md, one row per cell: (event, state)
 * gives the whole transition (outcome, target state, credit, flag).
 */
class RechargeRulesTest {

	@ParameterizedTest(name = "{0} on {1} -> {2}")
	@CsvSource(nullValues = "NONE", textBlock = """
			# event,              state,     outcome,         target,    credit, flag
			CHANNEL_SUCCEEDED,    PENDING,   SETTLED,         SUCCEEDED, true,   NONE
			CHANNEL_FAILED,       PENDING,   SETTLED,         FAILED,    false,  NONE
			CHANNEL_EXPIRED,      PENDING,   SETTLED,         EXPIRED,   false,  NONE
			CREATE_REFUSED,       PENDING,   SETTLED,         FAILED,    false,  NONE
			UNKNOWN_AFTER_EXPIRY, PENDING,   SETTLED,         EXPIRED,   false,  NONE
			CHANNEL_SUCCEEDED,    SUCCEEDED, ALREADY_SETTLED, NONE,      false,  NONE
			CHANNEL_FAILED,       SUCCEEDED, CONTRADICTED,    NONE,      false,  NONE
			CHANNEL_EXPIRED,      SUCCEEDED, CONTRADICTED,    NONE,      false,  NONE
			CREATE_REFUSED,       SUCCEEDED, CONTRADICTED,    NONE,      false,  NONE
			UNKNOWN_AFTER_EXPIRY, SUCCEEDED, CONTRADICTED,    NONE,      false,  NONE
			CHANNEL_SUCCEEDED,    FAILED,    SETTLED,         SUCCEEDED, true,   SUCCEEDED_AFTER_FAILURE
			CHANNEL_FAILED,       FAILED,    ALREADY_SETTLED, NONE,      false,  NONE
			CHANNEL_EXPIRED,      FAILED,    ALREADY_SETTLED, NONE,      false,  NONE
			CREATE_REFUSED,       FAILED,    ALREADY_SETTLED, NONE,      false,  NONE
			UNKNOWN_AFTER_EXPIRY, FAILED,    ALREADY_SETTLED, NONE,      false,  NONE
			CHANNEL_SUCCEEDED,    EXPIRED,   SETTLED,         SUCCEEDED, true,   SUCCEEDED_AFTER_EXPIRY
			CHANNEL_FAILED,       EXPIRED,   ALREADY_SETTLED, NONE,      false,  NONE
			CHANNEL_EXPIRED,      EXPIRED,   ALREADY_SETTLED, NONE,      false,  NONE
			CREATE_REFUSED,       EXPIRED,   ALREADY_SETTLED, NONE,      false,  NONE
			UNKNOWN_AFTER_EXPIRY, EXPIRED,   ALREADY_SETTLED, NONE,      false,  NONE
			""")
	void everyCellOfTheStateTable(RechargeEvent event, RechargeStatus state, RechargeRules.Outcome outcome,
			RechargeStatus target, boolean credit, RechargeRules.Flag flag) {
		assertThat(RechargeRules.decide(event, state))
			.isEqualTo(new RechargeRules.Transition(outcome, target, credit, flag));
	}

	@Test
	void moneyMovesOnlyIntoSucceededAndNothingLeavesIt() {
		for (RechargeStatus state : RechargeStatus.values()) {
			for (RechargeEvent event : RechargeEvent.values()) {
				RechargeRules.Transition t = RechargeRules.decide(event, state);
				assertThat(t.credit()).as("%s on %s", event, state).isEqualTo(t.target() == RechargeStatus.SUCCEEDED);
				if (state == RechargeStatus.SUCCEEDED) {
					assertThat(t.changesState()).as("%s on SUCCEEDED", event).isFalse();
				}
			}
		}
		assertThat(EnumSet.allOf(RechargeEvent.class)).hasSize(5);
	}

}
