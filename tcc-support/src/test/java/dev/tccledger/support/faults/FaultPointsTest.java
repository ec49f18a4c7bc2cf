package dev.tccledger.support.faults;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPointsTest {

	FaultPoints faults = new FaultPoints(List.of("A", "B"), new SimpleMeterRegistry());

	@Test
	void anUnarmedPointDoesNothing() {
		this.faults.hit("A");
		this.faults.hit("not-a-point");
	}

	@Test
	void failAppliesExactlyTimesThenDisarms() {
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.FAIL, 2, 0));
		assertThatThrownBy(() -> this.faults.hit("A")).isInstanceOf(FaultInjectedException.class);
		assertThat(this.faults.list().get("A").times()).isEqualTo(1);
		assertThatThrownBy(() -> this.faults.hit("A")).isInstanceOf(FaultInjectedException.class);
		this.faults.hit("A");
		assertThat(this.faults.list()).isEmpty();
	}

	@Test
	void minusOneAppliesToEveryHit() {
		this.faults.arm("B", new FaultPoints.Rule(FaultAction.FAIL, -1, 0));
		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> this.faults.hit("B")).isInstanceOf(FaultInjectedException.class);
		}
		this.faults.clear();
		this.faults.hit("B");
	}

	@Test
	void delaySleepsAtThePoint() {
		this.faults.arm("A", new FaultPoints.Rule(FaultAction.DELAY, 1, 200));
		long start = System.nanoTime();
		this.faults.hit("A");
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(190);
	}

	@Test
	void unknownPointsCannotBeArmed() {
		assertThatThrownBy(() -> this.faults.arm("C", new FaultPoints.Rule(FaultAction.FAIL, 1, 0)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
