package dev.tccledger.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark in its CI setting against the system as ./run.sh starts it (the
 * development issuer, embedded H2, the TC's file store) on free ports, every call with a
 * token: both modes complete payments without an error and the JSON result has every
 * figure, and the ledger's books reconcile afterwards. No latency or throughput is
 * asserted: this is not a timed test. The system is stopped the way a person stops it
 * (SIGTERM to run.sh) and no process of it may be left.
 */
class BenchmarkSmokeIT {

	private static final Duration START_WITHIN = Duration.ofMinutes(4);

	@Test
	void smokeRunCompletesBothModesAndWritesTheResult() throws Exception {
		Path home = Files.createDirectories(Path.of("target", "it", "smoke-" + System.nanoTime()).toAbsolutePath());
		Path out = home.resolve("run.out");
		int authPort = freePort();
		int tcRpcPort = freePort();
		int ledgerPort = freePort();
		int orderPort = freePort();
		ProcessBuilder run = new ProcessBuilder("bash", repo().resolve("run.sh").toString()).directory(repo().toFile())
			.redirectErrorStream(true)
			.redirectOutput(out.toFile());
		run.environment().put("RUN_HOME", home.toString());
		run.environment().put("AUTH_PORT", Integer.toString(authPort));
		run.environment().put("TC_RPC_PORT", Integer.toString(tcRpcPort));
		run.environment().put("TC_CONSOLE_PORT", Integer.toString(freePort()));
		run.environment().put("CHANNEL_PORT", Integer.toString(freePort()));
		run.environment().put("LEDGER_PORT", Integer.toString(ledgerPort));
		run.environment().put("ORDER_PORT", Integer.toString(orderPort));
		Process system = run.start();
		List<ProcessHandle> children = List.of();
		try {
			awaitRunning(system, out);
			children = system.descendants().toList();
			Path result = home.resolve("result.json");

			String issuer = "http://127.0.0.1:" + authPort;
			int status = Benchmark.run("--smoke", "--ledger-url", "http://127.0.0.1:" + ledgerPort, "--order-url",
					"http://127.0.0.1:" + orderPort, "--auth-url", issuer, "--tc-port", Integer.toString(tcRpcPort),
					"--out", result.toString());

			assertThat(status).isZero();
			assertThat(result).exists();
			JsonNode json = new ObjectMapper().readTree(result.toFile());
			assertThat(json.path("runId").asText()).isNotBlank();
			assertThat(json.path("smoke").asBoolean()).isTrue();
			assertThat(json.path("config").path("clients").asInt()).isEqualTo(2);
			long tcPid = children.stream()
				.filter((child) -> child.info().commandLine().orElse("").contains(CpuMeter.TC_MAIN_CLASS))
				.mapToLong(ProcessHandle::pid)
				.findFirst()
				.orElseThrow();
			for (String mode : List.of("tcc", "direct")) {
				JsonNode figures = json.path("modes").path(mode);
				assertThat(figures.path("ok").asLong()).as(mode + " ok").isPositive();
				assertThat(figures.path("errorCount").asLong()).as(mode + " errors: " + figures.path("errors"))
					.isZero();
				assertThat(figures.path("throughputPerSecond").asDouble()).as(mode).isPositive();
				JsonNode latency = figures.path("latencyMicros");
				for (String field : List.of("count", "p50", "p95", "p99", "max")) {
					assertThat(latency.path(field).asLong()).as(mode + " latency " + field).isPositive();
				}
				for (String process : List.of("ledger", "order", "tc", "client")) {
					JsonNode cpu = figures.path("cpu").path(process);
					assertThat(cpu.path("method").asText()).as(mode + " cpu " + process).isNotBlank();
					assertThat(cpu.has("cpuSeconds")).as(mode + " cpu " + process).isTrue();
					assertThat(cpu.has("cpuMsPerTx")).as(mode + " cpu " + process).isTrue();
				}
				assertThat(figures.path("cpu").path("tc").path("pid").asLong()).as("the TC found by its port")
					.isEqualTo(tcPid);
			}
			assertThat(json.path("throughputRatioTccOverDirect").isNumber()).isTrue();
			assertThat(json.path("config").path("tokenUrl").asText()).isEqualTo(issuer + "/oauth2/token");
			assertThat(json.path("reconciliationOk").asBoolean()).as("the benchmark's own reading of the books")
				.isTrue();
			assertBooksBalance("http://127.0.0.1:" + ledgerPort, issuer);
		}
		finally {
			stop(system, out);
		}
		for (ProcessHandle child : children) {
			assertThat(child.isAlive()).as("left running: " + child.info().commandLine().orElse("" + child.pid()))
				.isFalse();
		}
		assertThat(read(out)).contains("Stopped.");
	}

	/**
	 * The load left the books as finance must find them: the ledger's reconciliation,
	 * read with finance-viewer's token, answers 200 and every one of its checks passed.
	 */
	private static void assertBooksBalance(String ledger, String issuer) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String authorization;
		try (Tokens tokens = new Tokens(issuer, http)) {
			authorization = tokens.authorization(Tokens.Client.VIEWER);
		}
		HttpResponse<String> answer = http
			.send(HttpRequest.newBuilder(URI.create(ledger + "/api/v1/finance/reconciliation"))
				.header("Authorization", authorization)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode reconciliation = new ObjectMapper().readTree(answer.body());
		assertThat(reconciliation.path("checks").size()).as(answer.body()).isGreaterThanOrEqualTo(5);
		for (JsonNode check : reconciliation.path("checks")) {
			assertThat(check.path("ok").asBoolean()).as(check.toString()).isTrue();
		}
		assertThat(reconciliation.path("ok").asBoolean()).as(answer.body()).isTrue();
	}

	/**
	 * Waits until run.sh has started everything and run its demo, so the system is ours.
	 */
	private static void awaitRunning(Process system, Path out) throws Exception {
		Instant deadline = Instant.now().plus(START_WITHIN);
		while (!read(out).contains("Press Ctrl-C to stop.")) {
			assertThat(system.isAlive()).as("run.sh ended early:%n%s", read(out)).isTrue();
			assertThat(Instant.now()).as("run.sh not running after %s:%n%s", START_WITHIN, read(out))
				.isBefore(deadline);
			system.waitFor(1, TimeUnit.SECONDS);
		}
	}

	/**
	 * SIGTERM to run.sh, which stops its children; SIGKILL for anything still there
	 * after.
	 */
	private static void stop(Process system, Path out) throws Exception {
		List<ProcessHandle> children = system.descendants().toList();
		system.destroy();
		if (!system.waitFor(60, TimeUnit.SECONDS)) {
			system.destroyForcibly();
		}
		for (ProcessHandle child : children) {
			if (child.isAlive()) {
				child.onExit().get(20, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * A free port below Linux's ephemeral range (32768-60999), where an outgoing
	 * connection cannot take it between this check and the service binding it.
	 */
	private static int freePort() throws IOException {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
				return port;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IOException("no free port between 20000 and 32000");
	}

	private static Path repo() {
		return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file) : "";
	}

}
