package dev.tccledger.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tccledger.benchmark.Options.Mode;
import dev.tccledger.benchmark.Tokens.Client;

/**
 * The benchmark's entry point: opens the run's accounts, then runs each mode back to back
 * against the same system (TCC orders through the Seata TC, direct ledger transfers),
 * prints progress every second and a summary, and writes the JSON result.
 *
 * <pre>
 * benchmark/bench.sh --clients 16 --seconds 30         # closed loop
 * benchmark/bench.sh --rate 200 --seconds 30           # open loop
 * benchmark/bench.sh --smoke                           # CI
 * </pre>
 */
public final class Benchmark {

	private Benchmark() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Runs the benchmark in this JVM and returns the exit status: 0 when every mode
	 * completed at least one payment, 1 when one did not or the run failed, 2 on bad
	 * flags. Errors answered by the services are figures, not failures: they are counted
	 * and reported.
	 */
	public static int run(String... args) {
		PrintStream out = System.out;
		Options options;
		try {
			options = Options.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			System.err.println("bench: " + ex.getMessage());
			System.err.print(Options.USAGE);
			return 2;
		}
		if (options.help) {
			out.print(Options.USAGE);
			return 0;
		}
		try {
			return run(options, out);
		}
		catch (IOException ex) {
			System.err.println("bench: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.err.println("bench: interrupted");
			return 1;
		}
	}

	private static int run(Options options, PrintStream out) throws IOException, InterruptedException {
		try (Api api = new Api(options)) {
			return run(options, api, out);
		}
	}

	private static int run(Options options, Api api, PrintStream out) throws IOException, InterruptedException {
		requireUp(api, "ledger-service", options.ledgerUrl);
		if (options.modes.contains(Mode.TCC)) {
			requireUp(api, "order-service", options.orderUrl);
		}
		// fetched now, so that a missing issuer stops the run before any account is
		// opened
		for (Client client : List.of(Client.SHOP, Client.OPERATOR)) {
			api.tokens().authorization(client);
		}
		out.printf("Tokens from %s (client credentials, renewed in the background before they expire)%n",
				api.tokens().tokenUrl());
		Instant startedAt = Instant.now();
		out.printf("Run %s: %s, %d s warm-up + %d s per mode, modes %s%n", options.runId, Report.loopText(options),
				options.warmupSeconds, options.seconds, Report.modesText(options));
		out.printf("Opening %d payers and %s ...%n", options.payers,
				options.hotPayee ? "1 hot merchant" : options.merchants + " merchants");
		Accounts accounts = Accounts.open(options, api);
		List<CpuMeter> meters = List.of(CpuMeter.service("ledger", options.ledgerUrl, api),
				CpuMeter.service("order", options.orderUrl, api), CpuMeter.tc(options), CpuMeter.client());
		for (CpuMeter meter : meters) {
			out.printf("  CPU %-6s %s%n", meter.name, meter.method());
		}
		Load load = new Load(options, api, accounts, meters, out);
		List<Load.Result> results = new ArrayList<>();
		for (Mode mode : options.modes) {
			out.printf("Mode %s ...%n", mode.label());
			results.add(load.run(mode));
		}
		JsonNode books = api.getJson(options.ledgerUrl + "/api/v1/finance/reconciliation", Client.VIEWER);
		Boolean balanced = (books != null) ? books.path("ok").asBoolean() : null;
		Report report = new Report(options, startedAt, Instant.now(), accounts, results, api.tokens(), balanced);
		Path file = options.out.toAbsolutePath();
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report.json());
		out.println();
		out.print(report.table());
		out.println("Result: " + file);
		return results.stream().allMatch((result) -> result.ok() > 0) ? 0 : 1;
	}

	private static void requireUp(Api api, String name, String baseUrl) throws IOException {
		JsonNode health = api.getJson(baseUrl + "/actuator/health");
		if (health == null || !"UP".equals(health.path("status").asText())) {
			throw new IOException(name + " is not up at " + baseUrl + " (start the system with ./run.sh, or set "
					+ (name.startsWith("ledger") ? "LEDGER_URL / --ledger-url" : "ORDER_URL / --order-url") + ")");
		}
	}

}
