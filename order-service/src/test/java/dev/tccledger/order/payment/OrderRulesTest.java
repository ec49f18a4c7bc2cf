package dev.tccledger.order.payment;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tccledger.order.payment.OrderRules.CommitAnswer;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Fit;
import dev.tccledger.order.payment.OrderRules.Outcome;
import dev.tccledger.order.payment.OrderRules.Settlement;
import dev.tccledger.support.TcOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/** The order's state table, one row per (event, status, fit). */
class OrderRulesTest {

	@ParameterizedTest(name = "{0} on {1} ({2}) -> {3} {4}")
	@CsvSource(nullValues = "", textBlock = """
			TRY,     PENDING, NO_XID,                REFUSE,
			TRY,     PENDING, OTHER_XID,             REFUSE,
			TRY,     PENDING, THIS_XID_UNBOUND,      APPLY,                PENDING
			TRY,     PENDING, THIS_BRANCH,           ALREADY,
			TRY,     PENDING, THIS_XID_OTHER_BRANCH, REFUSE,
			TRY,     PAID,    NO_XID,                REFUSE,
			TRY,     PAID,    OTHER_XID,             REFUSE,
			TRY,     PAID,    THIS_XID_UNBOUND,      REFUSE,
			TRY,     PAID,    THIS_BRANCH,           REFUSE,
			TRY,     PAID,    THIS_XID_OTHER_BRANCH, REFUSE,
			TRY,     FAILED,  NO_XID,                REFUSE,
			TRY,     FAILED,  OTHER_XID,             REFUSE,
			TRY,     FAILED,  THIS_XID_UNBOUND,      REFUSE,
			TRY,     FAILED,  THIS_BRANCH,           REFUSE,
			TRY,     FAILED,  THIS_XID_OTHER_BRANCH, REFUSE,
			CONFIRM, PENDING, NO_XID,                CONFLICT,
			CONFIRM, PENDING, OTHER_XID,             CONFLICT,
			CONFIRM, PENDING, THIS_XID_UNBOUND,      APPLY,                PAID
			CONFIRM, PENDING, THIS_BRANCH,           APPLY,                PAID
			CONFIRM, PENDING, THIS_XID_OTHER_BRANCH, APPLY,                PAID
			CONFIRM, PAID,    NO_XID,                CONFLICT,
			CONFIRM, PAID,    OTHER_XID,             CONFLICT,
			CONFIRM, PAID,    THIS_XID_UNBOUND,      ALREADY,
			CONFIRM, PAID,    THIS_BRANCH,           ALREADY,
			CONFIRM, PAID,    THIS_XID_OTHER_BRANCH, ALREADY,
			CONFIRM, FAILED,  NO_XID,                CONFLICT,
			CONFIRM, FAILED,  OTHER_XID,             CONFLICT,
			CONFIRM, FAILED,  THIS_XID_UNBOUND,      CONFLICT,
			CONFIRM, FAILED,  THIS_BRANCH,           CONFLICT,
			CONFIRM, FAILED,  THIS_XID_OTHER_BRANCH, CONFLICT,
			CANCEL,  PENDING, NO_XID,                APPLY,                FAILED
			CANCEL,  PENDING, OTHER_XID,             NOT_THIS_TRANSACTION,
			CANCEL,  PENDING, THIS_XID_UNBOUND,      APPLY,                FAILED
			CANCEL,  PENDING, THIS_BRANCH,           APPLY,                FAILED
			CANCEL,  PENDING, THIS_XID_OTHER_BRANCH, APPLY,                FAILED
			CANCEL,  PAID,    NO_XID,                CONFLICT,
			CANCEL,  PAID,    OTHER_XID,             CONFLICT,
			CANCEL,  PAID,    THIS_XID_UNBOUND,      CONFLICT,
			CANCEL,  PAID,    THIS_BRANCH,           CONFLICT,
			CANCEL,  PAID,    THIS_XID_OTHER_BRANCH, CONFLICT,
			CANCEL,  FAILED,  NO_XID,                ALREADY,
			CANCEL,  FAILED,  OTHER_XID,             ALREADY,
			CANCEL,  FAILED,  THIS_XID_UNBOUND,      ALREADY,
			CANCEL,  FAILED,  THIS_BRANCH,           ALREADY,
			CANCEL,  FAILED,  THIS_XID_OTHER_BRANCH, ALREADY,
			ABANDON, PENDING, NO_XID,                APPLY,                FAILED
			ABANDON, PENDING, OTHER_XID,             NOT_THIS_TRANSACTION,
			ABANDON, PENDING, THIS_XID_UNBOUND,      NOT_THIS_TRANSACTION,
			ABANDON, PENDING, THIS_BRANCH,           NOT_THIS_TRANSACTION,
			ABANDON, PENDING, THIS_XID_OTHER_BRANCH, NOT_THIS_TRANSACTION,
			ABANDON, PAID,    NO_XID,                CONFLICT,
			ABANDON, PAID,    OTHER_XID,             CONFLICT,
			ABANDON, PAID,    THIS_XID_UNBOUND,      CONFLICT,
			ABANDON, PAID,    THIS_BRANCH,           CONFLICT,
			ABANDON, PAID,    THIS_XID_OTHER_BRANCH, CONFLICT,
			ABANDON, FAILED,  NO_XID,                ALREADY,
			ABANDON, FAILED,  OTHER_XID,             ALREADY,
			ABANDON, FAILED,  THIS_XID_UNBOUND,      ALREADY,
			ABANDON, FAILED,  THIS_BRANCH,           ALREADY,
			ABANDON, FAILED,  THIS_XID_OTHER_BRANCH, ALREADY,
			""")
	void everyCellOfTheTable(Event event, OrderStatus status, Fit fit, Outcome outcome, OrderStatus target) {
		OrderRules.Decision decision = OrderRules.decide(status, fit, event);
		assertThat(decision.outcome()).isEqualTo(outcome);
		assertThat(decision.target()).isEqualTo(target);
	}

	@ParameterizedTest(name = "{0} on a missing order -> {1}")
	@CsvSource(textBlock = """
			TRY,     REFUSE
			CONFIRM, CONFLICT
			CANCEL,  ALREADY
			ABANDON, CONFLICT
			""")
	void anOrderThatDoesNotExist(Event event, Outcome outcome) {
		assertThat(OrderRules.decide(null, null, event)).isEqualTo(new OrderRules.Decision(outcome, null));
	}

	@Test
	void everyStatusFitAndEventIsInTheTable() {
		// 4 events x 3 statuses x 5 fits rows above; a new status or event must add its
		// rows there (a switch without them does not compile)
		assertThat(Event.values()).hasSize(4);
		assertThat(OrderStatus.values()).hasSize(3);
		assertThat(Fit.values()).hasSize(5);
	}

	@ParameterizedTest(name = "order {0}, TC {1}")
	@EnumSource(TcOutcome.class)
	void afterCommitTheTcsRollbackOrAFailedOrderIsATimeout(TcOutcome tc) {
		Set<TcOutcome> rolledBackByTheTc = EnumSet.of(TcOutcome.ROLLING_BACK, TcOutcome.ROLLED_BACK,
				TcOutcome.ROLLBACK_STOPPED);
		CommitAnswer expected = rolledBackByTheTc.contains(tc) ? CommitAnswer.TIMED_OUT : CommitAnswer.AS_IS;
		assertThat(OrderRules.afterCommit(OrderStatus.PAID, tc)).isEqualTo(expected);
		assertThat(OrderRules.afterCommit(OrderStatus.PENDING, tc)).isEqualTo(expected);
		assertThat(OrderRules.afterCommit(OrderStatus.FAILED, tc)).isEqualTo(CommitAnswer.TIMED_OUT);
	}

	@ParameterizedTest(name = "{0} legs, {1} confirmed, {2} tried -> {3}")
	@CsvSource(textBlock = """
			1, 1, 0, PAY
			2, 2, 0, PAY
			1, 0, 0, FAIL
			2, 0, 0, FAIL
			2, 1, 0, FOR_A_PERSON
			1, 0, 1, WAIT
			2, 1, 1, WAIT
			2, 0, 2, WAIT
			""")
	void theSentinelSettlesFromTheLedgersFreezes(int legs, long confirmed, long tried, Settlement settlement) {
		assertThat(OrderRules.settle(legs, confirmed, tried)).isEqualTo(settlement);
	}

	@Test
	void anOrderKnowsHowItStandsToATransaction() {
		Order unbound = Order.expectedPending("o-1", null, null);
		assertThat(unbound.fit("x-1", 7L)).isEqualTo(Fit.NO_XID);
		Order attached = Order.expectedPending("o-1", "x-1", null);
		assertThat(attached.fit("x-1", 7L)).isEqualTo(Fit.THIS_XID_UNBOUND);
		assertThat(attached.fit("x-2", 7L)).isEqualTo(Fit.OTHER_XID);
		Order joined = Order.expectedPending("o-1", "x-1", 7L);
		assertThat(joined.fit("x-1", 7L)).isEqualTo(Fit.THIS_BRANCH);
		assertThat(joined.fit("x-1", 8L)).isEqualTo(Fit.THIS_XID_OTHER_BRANCH);
		assertThat(joined.fit(null, null)).isEqualTo(Fit.OTHER_XID);
	}

}
