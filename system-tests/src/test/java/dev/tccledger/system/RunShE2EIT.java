package dev.tccledger.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ./run.sh as the README shows it and as people and supervisors stop it: the newcomer's
 * first command on the embedded defaults (H2, the TC's file store) with the demo ending
 * balanced, then stopped by SIGTERM without a terminal; and the parts one at a time with
 * --key=value overrides (the lines are read from README.md, so the two cannot drift),
 * each stopped by Ctrl-C to its process group. Neither leaves a process behind. Two
 * system starts in all: each one costs half a minute or more on two cores.
 */
class RunShE2EIT {

	/** The README's marker before the block of ./run.sh lines this test runs. */
	private static final String MARKER = "<!-- run.sh parts:";

	private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

	/** The README's marker before each block of examples this test runs as they stand. */
	private static final String EXAMPLE_MARKER = "<!-- README example:";

	private static final Pattern PART = Pattern.compile("\\./run\\.sh\\s+(tc|ledger|order|demo)\\b");

	@Test
	void theReadmesPartsStartOnTheirPortsOnMysqlAndAnOrderThroughThemIsPaid() throws Exception {
		Map<String, String> lines = readmeLines();
		assertThat(lines).containsOnlyKeys("tc", "ledger", "order", "demo");
		String tcConsole = option(lines.get("tc"), "server.port");
		String ledgerPort = option(lines.get("ledger"), "server.port");
		String orderPort = option(lines.get("order"), "server.port");
		for (String port : List.of(option(lines.get("tc"), "seata.server.service-port"), tcConsole, ledgerPort,
				orderPort)) {
			assertThat(listening(Integer.parseInt(port))).as("port %s of the README's example is free", port).isFalse();
		}
		Path home = home("readme");
		String id = UUID.randomUUID().toString().substring(0, 6);
		String ledgerDb = "tcc_e2e_runsh_" + id + "_ledger";
		String orderDb = "tcc_e2e_runsh_" + id + "_order";
		sql("CREATE DATABASE " + ledgerDb);
		sql("CREATE DATABASE " + orderDb);
		Map<String, String> env = new HashMap<>(Map.of("RUN_HOME", home.toString(), "LEDGER_DB_URL", jdbcUrl(ledgerDb),
				"LEDGER_DB_USER", TestSystem.user(), "LEDGER_DB_PASSWORD", TestSystem.password(), "ORDER_DB_URL",
				jdbcUrl(orderDb), "ORDER_DB_USER", TestSystem.user(), "ORDER_DB_PASSWORD", TestSystem.password()));
		try (RunSh tc = RunSh.start(lines.get("tc"), env, home.resolve("tc.run.out")).awaitUp();
				RunSh ledger = RunSh.start(lines.get("ledger"), env, home.resolve("ledger.run.out"));
				RunSh order = RunSh.start(lines.get("order"), env, home.resolve("order.run.out"))) {
			ledger.awaitUp();
			order.awaitUp();
			String l = "http://127.0.0.1:" + ledgerPort + "/api/v1";
			String o = "http://127.0.0.1:" + orderPort + "/api/v1";
			assertThat(Http.get("http://127.0.0.1:" + ledgerPort + "/actuator/health").text("status")).isEqualTo("UP");
			assertThat(Http.get("http://127.0.0.1:" + orderPort + "/actuator/health").text("status")).isEqualTo("UP");

			String payer = "alice-" + id;
			String payee = "shop-" + id;
			assertThat(Http.post(l + "/accounts", Map.of("accountId", payer, "kind", "CUSTOMER", "currency", "CNY"))
				.status()).isEqualTo(201);
			assertThat(Http.post(l + "/accounts", Map.of("accountId", payee, "kind", "MERCHANT", "currency", "CNY"))
				.status()).isEqualTo(201);
			assertThat(
					Http.post(l + "/accounts/" + payer + "/deposits", Map.of("amount", 10_000, "reference", "ch-" + id))
						.status())
				.isEqualTo(201);
			Http.Response placed = Http.post(o + "/orders", Map.of("orderNo", "o-" + id, "payeeAccountId", payee,
					"currency", "CNY", "legs", List.of(Map.of("accountId", payer, "amount", 2_500))));
			assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
			assertThat(placed.text("status")).isEqualTo("PAID");
			assertThat(placed.text("xid")).as("the TC of the README's line decided")
				.contains(":" + option(lines.get("tc"), "seata.server.service-port") + ":");
			assertThat(Http.get(o + "/orders/o-" + id).text("status")).isEqualTo("PAID");
			assertThat(Http.get(l + "/accounts/" + payer + "/balance").number("available")).isEqualTo(7_500);
			assertThat(Http.get(l + "/accounts/" + payer + "/balance").number("frozen")).isZero();
			assertThat(Http.get(l + "/accounts/" + payee + "/balance").number("available")).isEqualTo(2_500);
			// the services ran on the databases the mysql profile was pointed at, not on
			// H2
			assertThat(count(ledgerDb,
					"SELECT COUNT(*) FROM account WHERE account_id IN ('" + payer + "','" + payee + "')"))
				.isEqualTo(2);
			assertThat(
					count(orderDb, "SELECT COUNT(*) FROM orders WHERE order_no = 'o-" + id + "' AND status = 'PAID'"))
				.isEqualTo(1);

			try (RunSh demo = RunSh.start(lines.get("demo"), env, home.resolve("demo.run.out"))) {
				assertThat(demo.awaitExit(RunSh.UP_WITHIN)).as(demo.output()).isZero();
			}
			Http.Response books = Http.get(l + "/finance/reconciliation");
			assertThat(books.body().path("ok").asBoolean()).as(books.raw()).isTrue();

			// Ctrl-C in each part's terminal: SIGINT to its whole process group
			for (RunSh part : List.of(order, ledger, tc)) {
				assertThat(part.processGroup()).as("run.sh leads its own process group, as in a terminal")
					.isEqualTo(part.pid());
				part.signalGroup("INT");
				assertStoppedWithEverythingItStarted(part);
			}
		}
		finally {
			sql("DROP DATABASE IF EXISTS " + ledgerDb);
			sql("DROP DATABASE IF EXISTS " + orderDb);
		}
	}

	/**
	 * The newcomer's path exactly as the README gives it: ./run.sh on its default ports
	 * (so the README's curl examples, which name 8081 and 8082, run as they stand), then
	 * every marked example block, then SIGTERM.
	 */
	@Test
	void runShOnTheEmbeddedDefaultsShowsTheDemoAndTheReadmeExamplesThenSigtermWithoutATerminalStopsEverything()
			throws Exception {
		for (int port : List.of(8091, 7091, 8081, 8082)) {
			assertThat(listening(port)).as("./run.sh's default port %s is free", port).isFalse();
		}
		Path home = home("embedded");
		try (RunSh run = RunSh.start("./run.sh", Map.of("RUN_HOME", home.toString()), home.resolve("run.out"))
			.awaitUp()) {
			List<String> started = run.startedCommands();
			assertThat(started).as("run.sh started the TC and both services").hasSize(3);
			assertThat(started).anyMatch((c) -> c.contains("io.seata.server.ServerApplication"))
				.anyMatch((c) -> c.contains("ledger-service-"))
				.anyMatch((c) -> c.contains("order-service-"));
			String output = run.output();
			assertThat(output).contains("All healthy after", "The books balance.", "books balanced");
			assertThat(output).doesNotContain("DEMO FAILED", "the demo failed");
			assertThat(home.resolve("data/ledger.mv.db")).as("the ledger ran on embedded H2").exists();
			assertThat(home.resolve("data/order.mv.db")).as("orders ran on embedded H2").exists();
			assertThat(home.resolve("data/tc")).as("the TC ran on its file store").isDirectory();

			runsTheReadmeExamples();

			run.signal("TERM");
			assertStoppedWithEverythingItStarted(run);
		}
	}

	/**
	 * The README's marked example blocks, each run by bash as it stands, in order: the
	 * ledger's API (accounts, a deposit of 10000, a transfer of 500, the reads, the
	 * refused try), one order of 2500, and reading it back.
	 */
	private static void runsTheReadmeExamples() throws Exception {
		List<String> blocks = readmeBlocks(EXAMPLE_MARKER);
		assertThat(blocks).as("the README's example blocks").hasSize(3);
		String l = "http://127.0.0.1:8081/api/v1";

		String ledgerApi = bash(blocks.get(0));
		assertThat(ledgerApi).contains("\"accountId\":\"alice\"", "\"accountId\":\"shop\"", "\"ok\":true")
			.contains("TX_XID")
			.doesNotContain("\"status\":5");
		assertThat(Http.get(l + "/accounts/alice/balance").number("available")).isEqualTo(9_500);
		assertThat(Http.get(l + "/accounts/shop/balance").number("available")).isEqualTo(500);

		String order = bash(blocks.get(1));
		assertThat(order).contains("\"orderNo\":\"o-1\"", "\"status\":\"PAID\"");
		assertThat(Http.get(l + "/accounts/alice/balance").number("available")).isEqualTo(7_000);
		assertThat(Http.get(l + "/accounts/alice/balance").number("frozen")).isZero();
		assertThat(Http.get(l + "/accounts/shop/balance").number("available")).isEqualTo(3_000);

		assertThat(bash(blocks.get(2))).contains("\"orderNo\":\"o-1\"", "\"status\":\"PAID\"");
		Http.Response books = Http.get(l + "/finance/reconciliation");
		assertThat(books.body().path("ok").asBoolean()).as(books.raw()).isTrue();
	}

	private static String bash(String block) throws IOException, InterruptedException {
		Process bash = new ProcessBuilder("bash", "-c", block).directory(RunSh.repo().toFile())
			.redirectErrorStream(true)
			.start();
		String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(bash.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(block).isTrue();
		assertThat(bash.exitValue()).as("%s\n%s", block, out).isZero();
		return out;
	}

	private static void assertStoppedWithEverythingItStarted(RunSh run) throws InterruptedException {
		long begun = System.nanoTime();
		Integer status = run.awaitExit(GONE_WITHIN);
		assertThat(status).as("run.sh exited within %s after the signal:\n%s", GONE_WITHIN, run.output()).isNotNull();
		Duration left = GONE_WITHIN.minusNanos(System.nanoTime() - begun);
		await("every process run.sh started gone").atMost(left.isNegative() ? Duration.ZERO : left)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(run.stillRunning()).isEmpty());
		assertThat(run.output()).contains("Stopped.");
	}

	/**
	 * The ./run.sh lines of the README's marked block by part, continuation lines joined.
	 */
	private static Map<String, String> readmeLines() throws IOException {
		List<String> blocks = readmeBlocks(MARKER);
		assertThat(blocks).as("README.md has one block after %s", MARKER).hasSize(1);
		Map<String, String> lines = new LinkedHashMap<>();
		for (String line : blocks.get(0).replace("\\\n", " ").split("\n")) {
			Matcher part = PART.matcher(line);
			if (part.find()) {
				lines.put(part.group(1), line.strip());
			}
		}
		return lines;
	}

	/**
	 * The text of the fenced block after each line of README.md that starts with marker.
	 */
	private static List<String> readmeBlocks(String marker) throws IOException {
		List<String> readme = Files.readAllLines(RunSh.repo().resolve("README.md"));
		List<String> blocks = new java.util.ArrayList<>();
		for (int i = 0; i < readme.size(); i++) {
			if (!readme.get(i).startsWith(marker)) {
				continue;
			}
			assertThat(readme.get(i + 1)).as("a fenced block follows %s", readme.get(i)).startsWith("```");
			StringBuilder block = new StringBuilder();
			for (int j = i + 2; !readme.get(j).startsWith("```"); j++) {
				block.append(readme.get(j)).append('\n');
			}
			blocks.add(block.toString());
		}
		return blocks;
	}

	/** The value of --key=value in a command line, quoted or not. */
	private static String option(String commandLine, String key) {
		Matcher value = Pattern.compile("--" + Pattern.quote(key) + "=([^\\s']+)").matcher(commandLine);
		assertThat(value.find()).as("%s has --%s=", commandLine, key).isTrue();
		return value.group(1);
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException refused) {
			return false;
		}
	}

	private static Path home(String name) throws IOException {
		return Files
			.createDirectories(Path.of("target", "e2e", "runsh-" + name + "-" + System.nanoTime()).toAbsolutePath());
	}

	private static String jdbcUrl(String database) {
		return "jdbc:mysql://" + System.getProperty("it.db.host", "127.0.0.1:3306") + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true";
	}

	private static void sql(String statement) throws SQLException {
		try (Connection c = DriverManager.getConnection(jdbcUrl(""), TestSystem.user(), TestSystem.password());
				Statement s = c.createStatement()) {
			s.execute(statement);
		}
	}

	private static long count(String database, String query) throws SQLException {
		try (Connection c = DriverManager.getConnection(jdbcUrl(database), TestSystem.user(), TestSystem.password());
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(query)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
