package dev.tccledger.system;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault endpoint of a service started with the faults profile, called as the ops
 * client: arm a point, and read back how often each armed point fired (a HALT shows
 * instead as the process's exit status, {@link #HALTED}).
 */
final class Faults {

	/** Exit status of a process halted at a fault point (FaultPoints.HALT_STATUS). */
	static final int HALTED = 137;

	private Faults() {
	}

	static void arm(TestSystem system, String serviceBase, String point, String action, int times, long delayMs) {
		Http.put(serviceBase + "/api/v1/faults/" + point, Map.of("action", action, "times", times, "delayMs", delayMs),
				ops(system))
			.expect(200);
	}

	/** How often {@code point} fired since it was armed; fails if it was never armed. */
	static long fired(TestSystem system, String serviceBase, String point) {
		return Http.get(serviceBase + "/api/v1/faults/fired", ops(system)).expect(200).number(point);
	}

	/** An armed fault fired exactly as often as it was armed for. */
	static void assertFired(TestSystem system, String serviceBase, String point, int times) {
		assertThat(fired(system, serviceBase, point)).as(point + " fired").isEqualTo(times);
	}

	/** Disarms every point of a service. */
	static Http.Response clear(TestSystem system, String serviceBase) {
		return Http.delete(serviceBase + "/api/v1/faults", ops(system));
	}

	private static String ops(TestSystem system) {
		return system.token(Tokens.Client.OPS);
	}

}
