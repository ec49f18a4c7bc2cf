package dev.tccledger.support.faults;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPointsTest {

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	FaultPoints faults = new FaultPoints(List.of("A", "B"), this.meters);

	@Test
	void anUnarmedPointDoesNothingAndCountsNothing() {
		assertThatNoException().isThrownBy(() -> {
			this.faults.hit("A");
			this.faults.hit("not-a-point");
		});
		assertThat(this.faults.fired()).isEmpty();
		assertThat(this.meters.find("tcc.faults.triggered").counter()).isNull();
	}

	@Test
	void failAppliesExactlyTimesThenDisarmsAndTheCountOutlivesTheRule() {
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.FAIL, 2, 0));
		assertThat(this.faults.fired()).containsEntry("A", 0);
		assertThatThrownBy(() -> this.faults.hit("A")).isInstanceOf(FaultInjectedException.class);
		assertThat(this.faults.list().get("A").times()).isEqualTo(1);
		assertThatThrownBy(() -> this.faults.hit("A")).isInstanceOf(FaultInjectedException.class);
		this.faults.hit("A");
		assertThat(this.faults.list()).isEmpty();
		assertThat(this.faults.fired()).containsExactlyEntriesOf(java.util.Map.of("A", 2));
		assertThat(this.meters.counter("tcc.faults.triggered", "point", "A", "action", "FAIL").count()).isEqualTo(2.0);
	}

	@Test
	void armingAgainRestartsTheCountAndClearForgetsIt() {
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.FAIL, 1, 0));
		assertThatThrownBy(() -> this.faults.hit("A")).isInstanceOf(FaultInjectedException.class);
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.DELAY, 1, 0));
		assertThat(this.faults.fired()).containsEntry("A", 0);
		this.faults.clear();
		assertThat(this.faults.fired()).isEmpty();
	}

	@Test
	void minusOneAppliesToEveryHitUntilCleared() {
		this.faults.arm("B", new FaultPoints.Rule(FaultAction.FAIL, -1, 0));
		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> this.faults.hit("B")).isInstanceOf(FaultInjectedException.class);
		}
		assertThat(this.faults.list().get("B").times()).isEqualTo(-1);
		assertThat(this.faults.fired()).containsEntry("B", 5);
		this.faults.clear();
		assertThatNoException().isThrownBy(() -> this.faults.hit("B"));
		assertThat(this.faults.fired()).isEmpty();
	}

	@Test
	void delaySleepsAtThePoint() {
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.DELAY, 1, 200));
		long start = System.nanoTime();
		this.faults.hit("A");
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(190);
		assertThat(this.faults.fired()).containsEntry("A", 1);
	}

	@Test
	void unknownPointsCannotBeArmed() {
		assertThatThrownBy(() -> this.faults.arm("C", new FaultPoints.Rule(FaultAction.FAIL, 1, 0)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(this.faults.list()).isEmpty();
		assertThat(this.faults.knownPoints()).containsExactlyInAnyOrder("A", "B");
	}

}
