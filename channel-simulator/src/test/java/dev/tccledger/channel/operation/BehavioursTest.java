package dev.tccledger.channel.operation;

import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tccledger.channel.ChannelException;
import dev.tccledger.channel.ChannelProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BehavioursTest {

	private final Behaviours behaviours = new Behaviours(
			new ChannelProperties(null, null, 1000, 500, 500, 900, 10_000, 100, 1000, 60_000, 5000, ZoneOffset.UTC));

	@Test
	void withoutABehaviourEveryOperationSucceedsNormally() {
		assertThat(this.behaviours.next(OperationType.PAYMENT)).isEqualTo(Plan.NORMAL);
	}

	@Test
	void aBehaviourAppliesToTheNextTimesOperationsOfItsTypeOnly() {
		this.behaviours.add(new Behaviour(OperationType.PAYOUT, Outcome.FAIL, 2, null));

		assertThat(this.behaviours.next(OperationType.PAYMENT)).isEqualTo(Plan.NORMAL);
		assertThat(this.behaviours.next(OperationType.PAYOUT)).isEqualTo(new Plan(Outcome.FAIL, 0));
		assertThat(this.behaviours.list()).containsExactly(new Behaviour(OperationType.PAYOUT, Outcome.FAIL, 1, 0L));
		assertThat(this.behaviours.next(OperationType.PAYOUT)).isEqualTo(new Plan(Outcome.FAIL, 0));
		assertThat(this.behaviours.next(OperationType.PAYOUT)).isEqualTo(Plan.NORMAL);
		assertThat(this.behaviours.list()).isEmpty();
	}

	@Test
	void behavioursOfOneTypeApplyInTheOrderGiven() {
		this.behaviours.add(new Behaviour(OperationType.REFUND, Outcome.LOSE_CALLBACK, 1, null));
		this.behaviours.add(new Behaviour(OperationType.REFUND, Outcome.DELAY, 1, 2500L));

		assertThat(this.behaviours.next(OperationType.REFUND).outcome()).isEqualTo(Outcome.LOSE_CALLBACK);
		assertThat(this.behaviours.next(OperationType.REFUND)).isEqualTo(new Plan(Outcome.DELAY, 2500));
	}

	@Test
	void aTimeoutWithoutADelayHoldsTheAnswerForTheConfiguredTime() {
		this.behaviours.add(new Behaviour(OperationType.PAYMENT, Outcome.TIMEOUT, null, null));

		assertThat(this.behaviours.next(OperationType.PAYMENT).holdMs()).isEqualTo(10_000);
	}

	@Test
	void clearForgetsEverything() {
		this.behaviours.add(new Behaviour(OperationType.PAYMENT, Outcome.FAIL, 5, null));
		this.behaviours.clear();

		assertThat(this.behaviours.next(OperationType.PAYMENT)).isEqualTo(Plan.NORMAL);
	}

	@ParameterizedTest
	@CsvSource({ "0, 0", "1001, 0", "1, -1", "1, 600001" })
	void outOfRangeTimesOrDelaysAreRefused(int times, long delayMs) {
		assertThatExceptionOfType(ChannelException.class)
			.isThrownBy(() -> new Behaviour(OperationType.PAYMENT, Outcome.DELAY, times, delayMs));
	}

	@ParameterizedTest(name = "{0}: {1} callbacks, first after {2} ms, answer held {3} ms")
	@CsvSource({ "SUCCEED, 1, 0, 0", "FAIL, 1, 0, 0", "LOSE_CALLBACK, 0, 0, 0", "DUPLICATE_CALLBACK, 2, 0, 0",
			"DELAY, 1, 700, 0", "TIMEOUT, 1, 0, 700" })
	void whatAPlanDoes(Outcome outcome, int callbacks, long callbackDelayMs, long holdMs) {
		Plan plan = new Plan(outcome, 700);

		assertThat(plan.callbacks()).isEqualTo(callbacks);
		assertThat(plan.callbackDelayMs()).isEqualTo(callbackDelayMs);
		assertThat(plan.holdMs()).isEqualTo(holdMs);
	}

}
