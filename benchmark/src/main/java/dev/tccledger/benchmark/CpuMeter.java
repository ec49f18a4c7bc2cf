package dev.tccledger.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tccledger.benchmark.Tokens.Client;

/**
 * CPU seconds a process spent between {@link #start()} and {@link #stop()}. Sources, in
 * the order they are preferred: Micrometer's {@code process.cpu.time} through a service's
 * actuator; for the TC, utime + stime from {@code /proc/<pid>/stat}; for this JVM its own
 * process CPU time. A service without {@code process.cpu.time} is estimated from
 * {@code process.cpu.usage × system.cpu.count × wall time}, sampled on every
 * {@link #sample()}, and its method says so. Where the metrics endpoint is not exposed or
 * refused, Prometheus's {@code process_cpu_time_ns_total}; where the actuator gives
 * nothing, /proc like the TC.
 */
abstract class CpuMeter {

	static final String TC_MAIN_CLASS = "io.seata.server.ServerApplication";

	final String name;

	private double startSeconds = Double.NaN;

	private double spentSeconds = Double.NaN;

	CpuMeter(String name) {
		this.name = name;
	}

	/** How the figure was obtained, or why there is none. */
	abstract String method();

	/** Cumulative CPU seconds of the process, or NaN when unreadable. */
	abstract double cumulativeSeconds();

	void start() {
		this.startSeconds = cumulativeSeconds();
		this.spentSeconds = Double.NaN;
	}

	/** Called about once a second while measuring; only estimating meters use it. */
	void sample() {
	}

	void stop() {
		this.spentSeconds = cumulativeSeconds() - this.startSeconds;
	}

	/** The process id this meter reads through /proc, or null. */
	Long pid() {
		return null;
	}

	/** CPU seconds spent in the last start-stop window, NaN when unknown. */
	double spentSeconds() {
		return this.spentSeconds;
	}

	/**
	 * A service's CPU through its actuator, read with the metrics client's token: the
	 * metrics endpoint, else the Prometheus one (a deployment may expose only that),
	 * else, when neither has the figure, from /proc for the local process listening on
	 * the service's port.
	 */
	static CpuMeter service(String name, String baseUrl, Api api) {
		String url = baseUrl + "/actuator/metrics/";
		JsonNode cpuTime = api.getJson(url + "process.cpu.time", Client.METRICS);
		if (cpuTime != null) {
			return new Actuator(name, url, api, unitSeconds(cpuTime.path("baseUnit").asText("")));
		}
		String prometheus = baseUrl + "/actuator/prometheus";
		if (!Double.isNaN(Prometheus.cpuSeconds(api.getText(prometheus, Client.METRICS)))) {
			return new Prometheus(name, prometheus, api);
		}
		if (api.getJson(url + "process.cpu.usage", Client.METRICS) != null) {
			return new UsageEstimate(name, url, api);
		}
		int port = URI.create(baseUrl).getPort();
		Optional<Long> listener = (port > 0) ? Procs.listeningOn(port) : Optional.empty();
		if (listener.isPresent()) {
			return new ProcStat(name, listener.get(), "listens on port " + port + "; the actuator gave no CPU metric");
		}
		return new Unavailable(name,
				"the actuator at " + url + " gave no CPU metric and no local process listens on " + baseUrl);
	}

	/**
	 * The TC's CPU from /proc: --tc-pid, else whoever listens on the TC port, else the
	 * only TC.
	 */
	static CpuMeter tc(Options options) {
		if (options.tcPid != null) {
			return new ProcStat("tc", options.tcPid, "--tc-pid");
		}
		Optional<Long> listener = Procs.listeningOn(options.tcPort).filter(Procs::isSeataTc);
		if (listener.isPresent()) {
			return new ProcStat("tc", listener.get(), "listens on port " + options.tcPort);
		}
		List<Long> tcs = ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(TC_MAIN_CLASS))
			.map(ProcessHandle::pid)
			.toList();
		if (tcs.size() == 1) {
			return new ProcStat("tc", tcs.get(0), "the only " + TC_MAIN_CLASS + " process");
		}
		return new Unavailable("tc", (tcs.isEmpty() ? "no local " + TC_MAIN_CLASS + " process"
				: tcs.size() + " TC processes and none listens on port " + options.tcPort) + "; pass --tc-pid");
	}

	static CpuMeter client() {
		return new CpuMeter("client") {

			private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();

			@Override
			String method() {
				return "this JVM's process CPU time (the load generator itself)";
			}

			@Override
			double cumulativeSeconds() {
				long nanos = this.os.getProcessCpuTime();
				return (nanos < 0) ? Double.NaN : nanos / 1e9;
			}

		};
	}

	private static double unitSeconds(String baseUnit) {
		return switch (baseUnit.toLowerCase(Locale.ROOT)) {
			case "ns", "nanoseconds" -> 1e-9;
			case "us", "microseconds" -> 1e-6;
			case "ms", "milliseconds" -> 1e-3;
			default -> 1;
		};
	}

	private static double measurement(JsonNode metric) {
		if (metric == null) {
			return Double.NaN;
		}
		for (JsonNode measurement : metric.path("measurements")) {
			return measurement.path("value").asDouble(Double.NaN);
		}
		return Double.NaN;
	}

	private static final class Actuator extends CpuMeter {

		private final String url;

		private final Api api;

		private final double unitSeconds;

		Actuator(String name, String url, Api api, double unitSeconds) {
			super(name);
			this.url = url;
			this.api = api;
			this.unitSeconds = unitSeconds;
		}

		@Override
		String method() {
			return "actuator process.cpu.time";
		}

		@Override
		double cumulativeSeconds() {
			return measurement(this.api.getJson(this.url + "process.cpu.time", Client.METRICS)) * this.unitSeconds;
		}

	}

	/**
	 * Micrometer's {@code process.cpu.time} as Prometheus exposes it: named with its base
	 * unit, nanoseconds ({@code process_cpu_time_ns_total}, what the services expose), or
	 * seconds.
	 */
	static final class Prometheus extends CpuMeter {

		/** Each name the counter may have, with its unit in seconds. */
		private static final Map<String, Double> COUNTERS = Map.of("process_cpu_time_ns_total", 1e-9,
				"process_cpu_time_seconds_total", 1.0);

		private final String url;

		private final Api api;

		Prometheus(String name, String url, Api api) {
			super(name);
			this.url = url;
			this.api = api;
		}

		@Override
		String method() {
			return "actuator prometheus process_cpu_time";
		}

		@Override
		double cumulativeSeconds() {
			return cpuSeconds(this.api.getText(this.url, Client.METRICS));
		}

		/** The counter's value in a scrape in seconds, NaN when it is absent. */
		static double cpuSeconds(String scrape) {
			if (scrape == null) {
				return Double.NaN;
			}
			for (String line : scrape.split("\n")) {
				for (Map.Entry<String, Double> counter : COUNTERS.entrySet()) {
					String name = counter.getKey();
					// the name, then its labels or the value
					if (line.startsWith(name) && line.length() > name.length()
							&& (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
						try {
							return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * counter.getValue();
						}
						catch (NumberFormatException ex) {
							return Double.NaN;
						}
					}
				}
			}
			return Double.NaN;
		}

	}

	/** Integrates recent CPU usage over the window: an estimate, not a counter. */
	private static final class UsageEstimate extends CpuMeter {

		private final String url;

		private final Api api;

		private final double cpus;

		private double integratedSeconds;

		private long lastSampleNanos;

		UsageEstimate(String name, String url, Api api) {
			super(name);
			this.url = url;
			this.api = api;
			double count = measurement(api.getJson(url + "system.cpu.count", Client.METRICS));
			this.cpus = Double.isNaN(count) ? Runtime.getRuntime().availableProcessors() : count;
		}

		@Override
		String method() {
			return "ESTIMATE: process.cpu.time absent; process.cpu.usage x system.cpu.count x wall time, sampled each second";
		}

		@Override
		void start() {
			this.integratedSeconds = 0;
			this.lastSampleNanos = System.nanoTime();
			super.start();
		}

		@Override
		void sample() {
			long now = System.nanoTime();
			double usage = measurement(this.api.getJson(this.url + "process.cpu.usage", Client.METRICS));
			this.integratedSeconds += usage * this.cpus * (now - this.lastSampleNanos) / 1e9;
			this.lastSampleNanos = now;
		}

		@Override
		void stop() {
			sample();
			super.stop();
		}

		@Override
		double cumulativeSeconds() {
			return this.integratedSeconds;
		}

	}

	private static final class ProcStat extends CpuMeter {

		private static final double CLOCK_TICKS = Procs.clockTicksPerSecond();

		private final long pid;

		private final String how;

		ProcStat(String name, long pid, String how) {
			super(name);
			this.pid = pid;
			this.how = how;
		}

		@Override
		String method() {
			return "/proc/" + this.pid + "/stat utime+stime at " + (long) CLOCK_TICKS + " ticks/s (pid " + this.how
					+ ")";
		}

		@Override
		double cumulativeSeconds() {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(this.pid), "stat"));
				// The command name in parentheses may hold spaces: fields count from
				// after it.
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
				return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
			}
			catch (IOException | RuntimeException ex) {
				return Double.NaN;
			}
		}

		@Override
		Long pid() {
			return this.pid;
		}

	}

	private static final class Unavailable extends CpuMeter {

		private final String why;

		Unavailable(String name, String why) {
			super(name);
			this.why = why;
		}

		@Override
		String method() {
			return "UNAVAILABLE: " + this.why;
		}

		@Override
		double cumulativeSeconds() {
			return Double.NaN;
		}

	}

	/** Linux /proc look-ups. */
	static final class Procs {

		private Procs() {
		}

		static boolean isSeataTc(long pid) {
			return ProcessHandle.of(pid)
				.flatMap((process) -> process.info().commandLine())
				.map((line) -> line.contains(TC_MAIN_CLASS))
				.orElse(false);
		}

		/**
		 * The process with a listening TCP socket on {@code port}, from
		 * /proc/net/tcp{,6}.
		 */
		static Optional<Long> listeningOn(int port) {
			List<String> inodes = new ArrayList<>();
			for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
				try {
					for (String line : Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII)) {
						String[] cols = line.trim().split("\\s+");
						// sl local_address rem_address st ... inode; st 0A is LISTEN
						if (cols.length > 9 && cols[1].contains(":") && "0A".equals(cols[3])
								&& Integer.parseInt(cols[1].substring(cols[1].indexOf(':') + 1), 16) == port) {
							inodes.add("socket:[" + cols[9] + "]");
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					// no such table (not Linux, or no IPv6): nothing found there
				}
			}
			if (inodes.isEmpty()) {
				return Optional.empty();
			}
			try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
				for (Path proc : procs) {
					try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
						for (Path fd : fds) {
							if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
								return Optional.of(Long.parseLong(proc.getFileName().toString()));
							}
						}
					}
					catch (IOException | RuntimeException ex) {
						// gone meanwhile, or not ours to read
					}
				}
			}
			catch (IOException ex) {
				return Optional.empty();
			}
			return Optional.empty();
		}

		static double clockTicksPerSecond() {
			try {
				Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
				String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
				if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
					return Double.parseDouble(out);
				}
			}
			catch (IOException | RuntimeException ex) {
				// fall through to the usual value
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 100;
		}

	}

}
