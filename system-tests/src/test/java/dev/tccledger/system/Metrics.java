package dev.tccledger.system;

/** A service's counters, read from /actuator/prometheus as the prometheus client. */
final class Metrics {

	private Metrics() {
	}

	/**
	 * The sum of every series of {@code counter} (say
	 * {@code tcc_security_refusals_total}) whose labels contain {@code label} (say
	 * {@code code="FORBIDDEN"}); 0 while none was counted yet.
	 */
	static double sum(TestSystem system, String serviceBase, String counter, String label) {
		String metrics = Http.get(serviceBase + "/actuator/prometheus", system.token(Tokens.Client.PROMETHEUS))
			.expect(200)
			.raw();
		return metrics.lines()
			.filter((line) -> line.startsWith(counter + "{") && line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
