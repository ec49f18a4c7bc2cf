package dev.tccledger.channel.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTest {

	@ParameterizedTest
	@CsvSource({ "1, 1000", "2, 2000", "3, 4000", "4, 8000", "6, 32000", "7, 60000", "8, 60000", "1000, 60000" })
	void theGapDoublesAfterEachFailedAttemptUpToTheCap(int failedAttempts, long gapMs) {
		assertThat(new Backoff(1000, 60_000).gapMs(failedAttempts)).isEqualTo(gapMs);
	}

	@Test
	void aCapThatIsNotAPowerOfTwoOfTheBaseIsStillTheCeiling() {
		Backoff backoff = new Backoff(300, 1000);

		assertThat(backoff.gapMs(2)).isEqualTo(600);
		assertThat(backoff.gapMs(3)).isEqualTo(1000);
	}

	@Test
	void aCapBelowTheBaseIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(1000, 999));
	}

}
