package dev.tccledger.system;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault endpoint of a service started with the faults profile: arm a point, and read
 * back how often each armed point fired (a HALT shows instead as the process's exit
 * status, {@link #HALTED}).
 */
final class Faults {

	/** Exit status of a process halted at a fault point (FaultPoints.HALT_STATUS). */
	static final int HALTED = 137;

	private Faults() {
	}

	static void arm(String serviceBase, String point, String action, int times, long delayMs) {
		Http.put(serviceBase + "/api/v1/faults/" + point, Map.of("action", action, "times", times, "delayMs", delayMs))
			.expect(200);
	}

	/** How often {@code point} fired since it was armed; fails if it was never armed. */
	static long fired(String serviceBase, String point) {
		return Http.get(serviceBase + "/api/v1/faults/fired").expect(200).number(point);
	}

	/** An armed fault fired exactly as often as it was armed for. */
	static void assertFired(String serviceBase, String point, int times) {
		assertThat(fired(serviceBase, point)).as(point + " fired").isEqualTo(times);
	}

}
