package dev.tccledger.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The services' CPU from a Prometheus scrape, as a scraper's token can read it: the
 * counter under the name the services use, in nanoseconds, or under the seconds name.
 */
class PrometheusCpuTest {

	@Test
	void readsTheCounterInNanosecondsOrSecondsAndNothingElse() {
		String services = """
				# HELP process_cpu_time_ns_total The "cputime" of the Java virtual machine process
				# TYPE process_cpu_time_ns_total counter
				process_cpu_time_ns_total{application="ledger-service"} 2.505E10
				process_cpu_usage{application="ledger-service"} 0.25
				""";
		assertThat(CpuMeter.Prometheus.cpuSeconds(services)).isCloseTo(25.05, within(1e-9));
		assertThat(CpuMeter.Prometheus.cpuSeconds("process_cpu_time_seconds_total 12.5\n")).isEqualTo(12.5);
		assertThat(CpuMeter.Prometheus.cpuSeconds("process_cpu_time_ns_total_extra 1\nprocess_cpu_usage 0.3\n"))
			.isNaN();
		assertThat(CpuMeter.Prometheus.cpuSeconds(null)).isNaN();
	}

}
