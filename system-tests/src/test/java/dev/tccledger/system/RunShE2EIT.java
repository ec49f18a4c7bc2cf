package dev.tccledger.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
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
 * first command on the embedded defaults (the development issuer, H2, the TC's file
 * store) with the demo ending balanced, then stopped by SIGTERM without a terminal; and
 * the parts one at a time with --key=value overrides (the lines are read from README.md,
 * so the two cannot drift), each stopped by Ctrl-C to its process group. Neither leaves a
 * process behind. Two system starts in all: each one costs half a minute or more on two
 * cores. The test's own calls carry tokens from the issuer the run started, as any
 * client's must.
 */
class RunShE2EIT {

	/** The README's marker before the block of ./run.sh lines this test runs. */
	private static final String MARKER = "<!-- run.sh parts:";

	private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

	/** The README's marker before each block of examples this test runs as they stand. */
	private static final String EXAMPLE_MARKER = "<!-- README example:";

	private static final Pattern PART = Pattern.compile("\\./run\\.sh\\s+(auth|tc|channel|ledger|order|demo)\\b");

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	@Test
	void theReadmesPartsStartOnTheirPortsOnMysqlAndAnOrderThroughThemIsPaid() throws Exception {
		Map<String, String> lines = readmeLines();
		assertThat(lines).containsOnlyKeys("auth", "tc", "channel", "ledger", "order", "demo");
		String authPort = option(lines.get("auth"), "server.port");
		String tcConsole = option(lines.get("tc"), "server.port");
		String channelPort = option(lines.get("channel"), "server.port");
		String ledgerPort = option(lines.get("ledger"), "server.port");
		String orderPort = option(lines.get("order"), "server.port");
		for (String port : List.of(authPort, option(lines.get("tc"), "seata.server.service-port"), tcConsole,
				channelPort, ledgerPort, orderPort)) {
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
		// the issuer first: the services fetch its keys at their first token
		try (RunSh auth = RunSh.start(lines.get("auth"), env, home.resolve("auth.run.out")).awaitUp();
				RunSh tc = RunSh.start(lines.get("tc"), env, home.resolve("tc.run.out")).awaitUp();
				RunSh channel = RunSh.start(lines.get("channel"), env, home.resolve("channel.run.out")).awaitUp();
				RunSh ledger = RunSh.start(lines.get("ledger"), env, home.resolve("ledger.run.out"));
				RunSh order = RunSh.start(lines.get("order"), env, home.resolve("order.run.out"))) {
			ledger.awaitUp();
			order.awaitUp();
			String issuer = "http://127.0.0.1:" + authPort;
			String l = "http://127.0.0.1:" + ledgerPort + "/api/v1";
			String o = "http://127.0.0.1:" + orderPort + "/api/v1";
			assertThat(Http.get("http://127.0.0.1:" + ledgerPort + "/actuator/health").text("status")).isEqualTo("UP");
			assertThat(Http.get("http://127.0.0.1:" + orderPort + "/actuator/health").text("status")).isEqualTo("UP");
			String shop = token(issuer, "demo-shop", "ledger:accounts orders:write orders:read");
			String operator = token(issuer, "finance-operator", "finance:read finance:operate");

			String payer = "alice-" + id;
			String payee = "shop-" + id;
			assertThat(post(l + "/accounts", shop, Map.of("accountId", payer, "kind", "CUSTOMER", "currency", "CNY"))
				.status()).isEqualTo(201);
			assertThat(post(l + "/accounts", shop, Map.of("accountId", payee, "kind", "MERCHANT", "currency", "CNY"))
				.status()).isEqualTo(201);
			assertThat(post(l + "/accounts/" + payer + "/deposits", operator,
					Map.of("amount", 10_000, "reference", "ch-" + id, "reason", "README parts, run " + id))
				.status()).isEqualTo(201);
			Http.Response placed = post(o + "/orders", shop, Map.of("orderNo", "o-" + id, "payeeAccountId", payee,
					"currency", "CNY", "legs", List.of(Map.of("accountId", payer, "amount", 2_500))));
			assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
			assertThat(placed.text("status")).isEqualTo("PAID");
			assertThat(placed.text("xid")).as("the TC of the README's line decided")
				.contains(":" + option(lines.get("tc"), "seata.server.service-port") + ":");
			assertThat(get(o + "/orders/o-" + id, shop).text("status")).isEqualTo("PAID");
			assertThat(get(l + "/accounts/" + payer + "/balance", shop).number("available")).isEqualTo(7_500);
			assertThat(get(l + "/accounts/" + payer + "/balance", shop).number("frozen")).isZero();
			assertThat(get(l + "/accounts/" + payee + "/balance", shop).number("available")).isEqualTo(2_500);
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
				assertThat(demo.output()).as("the demo's money went through the README's channel")
					.contains("recharge SUCCEEDED", "withdrawal SUCCEEDED", "withdrawal FAILED");
			}
			assertThat(home.resolve("data/channel")).as("the channel part kept its store under RUN_HOME").isDirectory();
			Http.Response books = get(l + "/finance/reconciliation", operator);
			assertThat(books.body().path("ok").asBoolean()).as(books.raw()).isTrue();

			// Ctrl-C in each part's terminal: SIGINT to its whole process group
			for (RunSh part : List.of(order, ledger, channel, tc, auth)) {
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
		for (int port : List.of(9000, 8091, 7091, 8083, 8081, 8082)) {
			assertThat(listening(port)).as("./run.sh's default port %s is free", port).isFalse();
		}
		Path home = home("embedded");
		try (RunSh run = RunSh.start("./run.sh", Map.of("RUN_HOME", home.toString()), home.resolve("run.out"))
			.awaitUp()) {
			List<String> started = run.startedCommands();
			assertThat(started).as("run.sh started the issuer, the TC, the channel and both services").hasSize(5);
			assertThat(started).anyMatch((c) -> c.contains("auth-server-"))
				.anyMatch((c) -> c.contains("io.seata.server.ServerApplication"))
				.anyMatch((c) -> c.contains("channel-simulator-"))
				.anyMatch((c) -> c.contains("ledger-service-"))
				.anyMatch((c) -> c.contains("order-service-"));
			String output = run.output();
			assertThat(output).contains("All healthy after", "got a token for demo-shop", "recharge SUCCEEDED",
					"withdrawal SUCCEEDED", "withdrawal FAILED", "The books balance.", "books balanced");
			assertThat(output).doesNotContain("DEMO FAILED", "the demo failed");
			assertThat(home.resolve("data/ledger.mv.db")).as("the ledger ran on embedded H2").exists();
			assertThat(home.resolve("data/order.mv.db")).as("orders ran on embedded H2").exists();
			assertThat(home.resolve("data/tc")).as("the TC ran on its file store").isDirectory();
			assertThat(home.resolve("data/channel")).as("the channel ran on its H2 store").isDirectory();

			runsTheReadmeExamples();

			run.signal("TERM");
			assertStoppedWithEverythingItStarted(run);
		}
	}

	/**
	 * The README's marked example blocks, each run by bash as it stands, in order: a
	 * token and a call with it; the ledger's API (accounts, a deposit of 10000, a
	 * transfer of 500, the reads, the try refused to the shop's token), one order of
	 * 2500, and reading it back. No call of theirs may go without a token.
	 */
	private static void runsTheReadmeExamples() throws Exception {
		List<String> blocks = readmeBlocks(EXAMPLE_MARKER);
		assertThat(blocks).as("the README's example blocks").hasSize(4);
		String l = "http://127.0.0.1:8081/api/v1";
		String shop = token("http://127.0.0.1:9000", "demo-shop", "ledger:accounts");
		String viewer = token("http://127.0.0.1:9000", "finance-viewer", "finance:read");
		assertThat(Http.get(l + "/accounts/external:CNY/balance").status()).as("a call without a token").isEqualTo(401);

		assertThat(bash(blocks.get(0))).contains("\"accountId\":\"external:CNY\"");

		String ledgerApi = bash(blocks.get(1));
		assertThat(ledgerApi).contains("\"accountId\":\"alice\"", "\"accountId\":\"shop\"", "\"ok\":true")
			.contains("\"code\":\"FORBIDDEN\"")
			.doesNotContain("UNAUTHENTICATED", "VALIDATION_FAILED", "\"status\":5");
		assertThat(get(l + "/accounts/alice/balance", shop).number("available")).isEqualTo(9_500);
		assertThat(get(l + "/accounts/shop/balance", shop).number("available")).isEqualTo(500);

		String order = bash(blocks.get(2));
		assertThat(order).contains("\"orderNo\":\"o-1\"", "\"status\":\"PAID\"");
		assertThat(get(l + "/accounts/alice/balance", shop).number("available")).isEqualTo(7_000);
		assertThat(get(l + "/accounts/alice/balance", shop).number("frozen")).isZero();
		assertThat(get(l + "/accounts/shop/balance", shop).number("available")).isEqualTo(3_000);

		assertThat(bash(blocks.get(3))).contains("\"orderNo\":\"o-1\"", "\"status\":\"PAID\"");
		Http.Response books = get(l + "/finance/reconciliation", viewer);
		assertThat(books.body().path("ok").asBoolean()).as(books.raw()).isTrue();
	}

	/**
	 * A token of a development client for {@code scopes}, by client credentials, as the
	 * README shows it.
	 */
	private static String token(String issuer, String client, String scopes) throws Exception {
		HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as("a token for %s: %s", client, answer.body()).isEqualTo(200);
		return Http.JSON.readTree(answer.body()).path("access_token").asText();
	}

	private static Http.Response get(String url, String token) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
	}

	private static Http.Response post(String url, String token, Object body) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))), token);
	}

	private static Http.Response send(HttpRequest.Builder request, String token) throws Exception {
		HttpResponse<String> answer = CLIENT.send(
				request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
		String raw = answer.body();
		return new Http.Response(answer.statusCode(),
				(raw == null || raw.isBlank()) ? Http.JSON.nullNode() : Http.JSON.readTree(raw), raw,
				answer.headers().firstValue("Content-Type").orElse(""));
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
