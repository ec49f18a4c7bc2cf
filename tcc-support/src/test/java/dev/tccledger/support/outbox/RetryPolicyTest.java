package dev.tccledger.support.outbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tccledger.support.outbox.RetryPolicy.Decision;
import dev.tccledger.support.outbox.RetryPolicy.Delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTest {

	private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1000), Duration.ofMillis(10_000));

	@Test
	void aDeliveredAttemptIsSentWhateverTheCount() {
		for (int attempts = 1; attempts <= 5; attempts++) {
			assertThat(this.policy.after(attempts, Delivery.ok(), () -> 0.5).status())
				.isEqualTo(NotificationStatus.SENT);
		}
	}

	@Test
	void aFailedAttemptBeforeTheLastIsRetried() {
		for (int attempts = 1; attempts < 5; attempts++) {
			Decision decision = this.policy.after(attempts, Delivery.failed("HTTP 503"), () -> 0.5);
			assertThat(decision.status()).isEqualTo(NotificationStatus.PENDING);
			assertThat(decision.retryAfter()).isPositive();
		}
	}

	@Test
	void theLastFailedAttemptParks() {
		Decision decision = this.policy.after(5, Delivery.failed("connection refused"), () -> 0.5);
		assertThat(decision).isEqualTo(new Decision(NotificationStatus.PARKED, null));
		assertThat(this.policy.after(9, Delivery.failed("after a re-drive race"), () -> 0.5).status())
			.isEqualTo(NotificationStatus.PARKED);
	}

	@Test
	void aRefusedMessageParksAtOnce() {
		assertThat(this.policy.after(1, Delivery.refused("HTTP 422"), () -> 0.5).status())
			.isEqualTo(NotificationStatus.PARKED);
	}

	@ParameterizedTest
	@CsvSource({ "200, true, false", "204, true, false", "400, false, true", "401, false, true", "409, false, true",
			"422, false, true", "408, false, false", "429, false, false", "500, false, false", "503, false, false",
			"302, false, false" })
	void anHttpAnswerCountsByItsStatus(int status, boolean delivered, boolean refused) {
		Delivery delivery = Delivery.ofStatus(status, "body");
		assertThat(delivery.delivered()).isEqualTo(delivered);
		assertThat(delivery.refused()).isEqualTo(refused);
	}

	/** base * 2^(n-1), capped, the wait between half and all of it. */
	@ParameterizedTest
	@CsvSource({ "1, 500, 1000", "2, 1000, 2000", "3, 2000, 4000", "4, 4000, 8000", "5, 5000, 10000", "40, 5000, 10000",
			"2000000000, 5000, 10000" })
	void theBackoffDoublesUpToItsCapWithJitter(int attempts, long least, long most) {
		assertThat(this.policy.backoff(attempts, 0.0)).isEqualTo(Duration.ofMillis(least));
		assertThat(this.policy.backoff(attempts, 0.999999)).isBetween(Duration.ofMillis(most - 1),
				Duration.ofMillis(most));
		assertThat(this.policy.backoff(attempts, 0.5)).isBetween(Duration.ofMillis(least), Duration.ofMillis(most));
	}

	@Test
	void refusesSettingsThatCannotWork() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(2)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
	}

}
