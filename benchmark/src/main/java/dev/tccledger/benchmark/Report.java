package dev.tccledger.benchmark;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import dev.tccledger.benchmark.Options.Mode;

/** The summary table and the JSON result of one run. */
final class Report {

	private static final List<String> PROCESSES = List.of("ledger", "order", "tc", "client");

	private final Options options;

	private final Instant startedAt;

	private final Instant endedAt;

	private final Accounts accounts;

	private final List<Load.Result> results;

	private final Tokens tokens;

	private final Boolean balanced;

	/**
	 * {@code balanced}: the ledger's reconciliation after the load, null when it could
	 * not be read.
	 */
	Report(Options options, Instant startedAt, Instant endedAt, Accounts accounts, List<Load.Result> results,
			Tokens tokens, Boolean balanced) {
		this.options = options;
		this.startedAt = startedAt;
		this.endedAt = endedAt;
		this.accounts = accounts;
		this.results = results;
		this.tokens = tokens;
		this.balanced = balanced;
	}

	static String loopText(Options options) {
		return options.openLoop()
				? "open loop at " + options.ratePerSecond + " req/s (at most " + options.maxInFlight + " in flight)"
				: "closed loop, " + options.clients + " clients";
	}

	static String modesText(Options options) {
		return options.modes.stream().map(Mode::label).collect(Collectors.joining(","));
	}

	String table() {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "Run %s: %s, %d payers -> %s, %s%n", this.options.runId,
				loopText(this.options), this.accounts.payerCount(),
				this.options.hotPayee ? "1 hot merchant" : this.accounts.payeeCount() + " merchants (uniform)",
				this.options.smoke ? "SMOKE SETTING (not a measurement)" : this.options.seconds + " s per mode"));
		table.append(String.format(Locale.ROOT, "%-7s %9s %8s %7s %9s %9s %9s %9s   %s%n", "mode", "ok/s", "ok",
				"errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "CPU ms per ok tx: ledger / order / tc / client"));
		for (Load.Result result : this.results) {
			Histogram latency = result.latencyMicros();
			table.append(String.format(Locale.ROOT, "%-7s %9.1f %8d %7d %9.2f %9.2f %9.2f %9.2f   %s%n",
					result.mode().label(), result.throughputPerSecond(), result.ok(), result.errorCount(),
					ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(95)),
					ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()),
					PROCESSES.stream()
						.map((name) -> cpuMsPerTx(result, name))
						.map((value) -> Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value))
						.collect(Collectors.joining(" / "))));
		}
		for (Load.Result result : this.results) {
			result.errors()
				.forEach((key, count) -> table
					.append(String.format(Locale.ROOT, "  %s error %-40s %d%n", result.mode().label(), key, count)));
		}
		Double ratio = tccOverDirect();
		if (ratio != null) {
			table.append(String.format(Locale.ROOT, "throughput tcc/direct: %.3f%s%n", ratio,
					this.options.openLoop() ? " (open loop: both get the offered rate unless one falls behind)" : ""));
		}
		table.append(String.format(Locale.ROOT,
				"tokens on: every payment carried a bearer token (%d fetched from %s), so the services' CPU above "
						+ "includes validating them%n",
				this.tokens.fetched(), this.tokens.tokenUrl()));
		table.append("books after the run: ")
			.append((this.balanced == null) ? "reconciliation not readable"
					: this.balanced ? "balanced (reconciliation ok)" : "NOT balanced (reconciliation failed)")
			.append(String.format("%n"));
		return table.toString();
	}

	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("runId", this.options.runId);
		json.put("startedAt", this.startedAt.toString());
		json.put("endedAt", this.endedAt.toString());
		json.put("smoke", this.options.smoke);
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("loop", this.options.openLoop() ? "open" : "closed");
		config.put("clients", this.options.openLoop() ? null : this.options.clients);
		config.put("ratePerSecond", this.options.openLoop() ? this.options.ratePerSecond : null);
		config.put("maxInFlight", this.options.openLoop() ? this.options.maxInFlight : null);
		config.put("warmupSeconds", this.options.warmupSeconds);
		config.put("seconds", this.options.seconds);
		config.put("modes", this.options.modes.stream().map(Mode::label).toList());
		config.put("payers", this.accounts.payerCount());
		config.put("payees", this.options.hotPayee ? "hot" : "uniform");
		config.put("merchants", this.accounts.payeeCount());
		config.put("amountMinor", this.options.amountMinor);
		config.put("currency", this.options.currency);
		config.put("ledgerUrl", this.options.ledgerUrl);
		config.put("orderUrl", this.options.orderUrl);
		config.put("tokenUrl", this.tokens.tokenUrl());
		config.put("tokensFetched", this.tokens.fetched());
		config.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		json.put("config", config);
		Map<String, Object> modes = new LinkedHashMap<>();
		for (Load.Result result : this.results) {
			modes.put(result.mode().label(), mode(result));
		}
		json.put("modes", modes);
		json.put("throughputRatioTccOverDirect", tccOverDirect());
		json.put("reconciliationOk", this.balanced);
		return json;
	}

	private Map<String, Object> mode(Load.Result result) {
		Map<String, Object> mode = new LinkedHashMap<>();
		mode.put("measuredSeconds", round(result.measuredSeconds()));
		mode.put("ok", result.ok());
		mode.put("errorCount", result.errorCount());
		mode.put("errors", result.errors());
		mode.put("throughputPerSecond", round(result.throughputPerSecond()));
		Histogram latency = result.latencyMicros();
		Map<String, Object> micros = new LinkedHashMap<>();
		micros.put("count", latency.getTotalCount());
		micros.put("p50", latency.getValueAtPercentile(50));
		micros.put("p95", latency.getValueAtPercentile(95));
		micros.put("p99", latency.getValueAtPercentile(99));
		micros.put("p999", latency.getValueAtPercentile(99.9));
		micros.put("max", latency.getMaxValue());
		micros.put("mean", round(latency.getMean()));
		mode.put("latencyMicros", micros);
		if (this.options.openLoop()) {
			mode.put("maxSendLagMicros", result.maxSendLagMicros());
		}
		Map<String, Object> cpu = new LinkedHashMap<>();
		result.cpu().forEach((name, meter) -> {
			Map<String, Object> process = new LinkedHashMap<>();
			double seconds = meter.seconds();
			process.put("cpuSeconds", Double.isNaN(seconds) ? null : round(seconds));
			double perTx = cpuMsPerTx(result, name);
			process.put("cpuMsPerTx", Double.isNaN(perTx) ? null : round(perTx));
			process.put("method", meter.method());
			process.put("pid", meter.pid());
			cpu.put(name, process);
		});
		mode.put("cpu", cpu);
		return mode;
	}

	private Double tccOverDirect() {
		Load.Result tcc = find(Mode.TCC);
		Load.Result direct = find(Mode.DIRECT);
		if (tcc == null || direct == null || direct.ok() == 0) {
			return null;
		}
		return round(tcc.throughputPerSecond() / direct.throughputPerSecond());
	}

	private Load.Result find(Mode mode) {
		return this.results.stream().filter((result) -> result.mode() == mode).findFirst().orElse(null);
	}

	private static double cpuMsPerTx(Load.Result result, String process) {
		Load.Cpu cpu = result.cpu().get(process);
		if (cpu == null || result.ok() == 0) {
			return Double.NaN;
		}
		return cpu.seconds() * 1000 / result.ok();
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
