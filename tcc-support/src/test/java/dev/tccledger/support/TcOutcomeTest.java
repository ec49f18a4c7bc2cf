package dev.tccledger.support;

import java.util.EnumSet;
import java.util.Set;

import io.seata.core.model.GlobalStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TcOutcomeTest {

	/**
	 * One row per GlobalStatus value (and null: the TC not reached): its outcome, and
	 * whether recovery leaves it to the TC, may release a try, sees a rollback decided,
	 * sees a rollback over.
	 */
	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(nullValues = "null", textBlock = """
			null,                    UNREACHABLE,      true,  false, false, false
			UnKnown,                 UNKNOWN,          true,  false, false, false
			Begin,                   OPEN,             true,  false, false, false
			Committing,              COMMITTING,       true,  false, false, false
			CommitRetrying,          COMMITTING,       true,  false, false, false
			AsyncCommitting,         COMMITTING,       true,  false, false, false
			Committed,               COMMITTED,        false, false, false, false
			CommitFailed,            COMMIT_STOPPED,   false, false, false, false
			CommitRetryTimeout,      COMMIT_STOPPED,   false, false, false, false
			Rollbacking,             ROLLING_BACK,     true,  true,  true,  false
			RollbackRetrying,        ROLLING_BACK,     true,  true,  true,  false
			TimeoutRollbacking,      ROLLING_BACK,     true,  true,  true,  false
			TimeoutRollbackRetrying, ROLLING_BACK,     true,  true,  true,  false
			Rollbacked,              ROLLED_BACK,      false, true,  true,  true
			TimeoutRollbacked,       ROLLED_BACK,      false, true,  true,  true
			RollbackFailed,          ROLLBACK_STOPPED, false, true,  true,  false
			TimeoutRollbackFailed,   ROLLBACK_STOPPED, false, true,  true,  false
			RollbackRetryTimeout,    ROLLBACK_STOPPED, false, true,  true,  false
			Finished,                FORGOTTEN,        false, true,  false, true
			""")
	void everyAnswerIsClassified(GlobalStatus status, TcOutcome outcome, boolean tcMayStillAct, boolean neverConfirms,
			boolean rollbackDecided, boolean rolledBack) {
		assertThat(TcOutcome.of(status)).isEqualTo(outcome);
		assertThat(outcome.tcMayStillAct()).as("tcMayStillAct").isEqualTo(tcMayStillAct);
		assertThat(outcome.neverConfirms()).as("neverConfirms").isEqualTo(neverConfirms);
		assertThat(outcome.rollbackDecided()).as("rollbackDecided").isEqualTo(rollbackDecided);
		assertThat(outcome.rolledBack()).as("rolledBack").isEqualTo(rolledBack);
	}

	@Test
	void theTableAboveListsEveryGlobalStatus() {
		// a Seata upgrade that adds a status fails the switch at compile time; this keeps
		// the table honest about the values it covers
		Set<GlobalStatus> listed = EnumSet.of(GlobalStatus.UnKnown, GlobalStatus.Begin, GlobalStatus.Committing,
				GlobalStatus.CommitRetrying, GlobalStatus.AsyncCommitting, GlobalStatus.Committed,
				GlobalStatus.CommitFailed, GlobalStatus.CommitRetryTimeout, GlobalStatus.Rollbacking,
				GlobalStatus.RollbackRetrying, GlobalStatus.TimeoutRollbacking, GlobalStatus.TimeoutRollbackRetrying,
				GlobalStatus.Rollbacked, GlobalStatus.TimeoutRollbacked, GlobalStatus.RollbackFailed,
				GlobalStatus.TimeoutRollbackFailed, GlobalStatus.RollbackRetryTimeout, GlobalStatus.Finished);
		assertThat(listed).isEqualTo(EnumSet.allOf(GlobalStatus.class));
	}

	@Test
	void nothingTheTcMayStillConfirmIsReleasable() {
		for (TcOutcome outcome : TcOutcome.values()) {
			if (outcome.neverConfirms()) {
				assertThat(outcome).isNotIn(TcOutcome.OPEN, TcOutcome.COMMITTING, TcOutcome.COMMITTED,
						TcOutcome.UNKNOWN, TcOutcome.UNREACHABLE);
			}
		}
	}

}
