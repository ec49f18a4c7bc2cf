package dev.tccledger.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as real processes: the released Seata TC (through
 * seata-server-config/tc.sh) and both service jars, on free ports, each service on a
 * MariaDB database created for this system and dropped when it closes. Processes can be
 * killed (SIGKILL) and started again on the same ports, stores and databases.
 */
final class TestSystem implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TestSystem.class);

	static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

	final String name;

	final int tcRpcPort = Ports.free();

	final int tcConsolePort = Ports.free();

	final int ledgerPort = Ports.free();

	final int orderPort = Ports.free();

	final String ledgerDb;

	final String orderDb;

	final Path dir;

	private final boolean faults;

	private final long orderGlobalTimeoutMs;

	private Process tc;

	private Process ledger;

	private Process order;

	private TestSystem(String name, boolean faults, long orderGlobalTimeoutMs) {
		this.name = name;
		this.faults = faults;
		this.orderGlobalTimeoutMs = orderGlobalTimeoutMs;
		String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_"
				+ UUID.randomUUID().toString().substring(0, 6);
		this.ledgerDb = "tcc_e2e_" + id + "_ledger";
		this.orderDb = "tcc_e2e_" + id + "_order";
		this.dir = Path.of("target", "e2e", id).toAbsolutePath();
	}

	/** Starts the TC and both services and waits until all three are healthy. */
	static TestSystem start(String name, boolean faults) {
		return start(name, faults, 10_000);
	}

	static TestSystem start(String name, boolean faults, long orderGlobalTimeoutMs) {
		TestSystem system = new TestSystem(name, faults, orderGlobalTimeoutMs);
		try {
			Files.createDirectories(system.dir);
			system.sql("CREATE DATABASE " + system.ledgerDb);
			system.sql("CREATE DATABASE " + system.orderDb);
			system.startTc();
			system.startLedger();
			system.startOrder();
			system.awaitLedgerHealthy();
			system.awaitOrderHealthy();
			log.info("system {} up: TC {}, ledger {}, order {}", name, system.tcRpcPort, system.ledgerPort,
					system.orderPort);
			return system;
		}
		catch (RuntimeException | IOException | SQLException ex) {
			system.close();
			throw new IllegalStateException("could not start the system " + name + "; logs in " + system.dir, ex);
		}
	}

	String ledger(String path) {
		return "http://127.0.0.1:" + this.ledgerPort + path;
	}

	String orders(String path) {
		return "http://127.0.0.1:" + this.orderPort + path;
	}

	// --- the TC ---

	void startTc() {
		ProcessBuilder builder = new ProcessBuilder("bash", repo("seata-server-config/tc.sh").toString());
		builder.environment().put("TC_RPC_PORT", Integer.toString(this.tcRpcPort));
		builder.environment().put("TC_CONSOLE_PORT", Integer.toString(this.tcConsolePort));
		builder.environment().put("TC_DATA_DIR", this.dir.resolve("tc-data").toString());
		builder.environment().put("TC_LOG_DIR", this.dir.resolve("tc-logs").toString());
		builder.environment().put("TC_RETRY_PERIOD_MS", "500");
		this.tc = launch(builder, "tc");
		await("the TC").atMost(HEALTHY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
			requireAlive(this.tc, "tc");
			try {
				return "ok".equals(Http.get("http://127.0.0.1:" + this.tcConsolePort + "/health").raw());
			}
			catch (RuntimeException notYet) {
				return false;
			}
		});
	}

	void killTc() {
		kill(this.tc);
	}

	// --- ledger-service ---

	void startLedger() {
		this.ledger = launch(service("ledger-service", this.ledgerPort, this.ledgerDb, List.of()), "ledger");
	}

	void awaitLedgerHealthy() {
		awaitHealthy(this.ledger, "ledger", ledger("/actuator/health"));
	}

	void killLedger() {
		kill(this.ledger);
	}

	/** Graceful stop (SIGTERM), as an operator would. */
	void stopLedger() {
		stop(this.ledger);
	}

	// --- order-service ---

	void startOrder() {
		this.order = launch(service("order-service", this.orderPort, this.orderDb,
				List.of("--spring.cloud.discovery.client.simple.instances.ledger-service[0].uri=http://127.0.0.1:"
						+ this.ledgerPort, "--orders.global-timeout-ms=" + this.orderGlobalTimeoutMs)),
				"order");
	}

	void awaitOrderHealthy() {
		awaitHealthy(this.order, "order", orders("/actuator/health"));
	}

	void killOrder() {
		kill(this.order);
	}

	// --- databases ---

	Connection ledgerDb() throws SQLException {
		return connect(this.ledgerDb);
	}

	Connection orderDb() throws SQLException {
		return connect(this.orderDb);
	}

	@Override
	public void close() {
		for (Process p : new Process[] { this.order, this.ledger, this.tc }) {
			stop(p);
		}
		try {
			sql("DROP DATABASE IF EXISTS " + this.ledgerDb);
			sql("DROP DATABASE IF EXISTS " + this.orderDb);
		}
		catch (SQLException ex) {
			log.warn("could not drop the databases of {}: {}", this.name, ex.toString());
		}
	}

	private ProcessBuilder service(String module, int port, String database, List<String> extra) {
		Path jar = Path.of(System.getProperty(module.startsWith("ledger") ? "ledger.jar" : "order.jar"));
		List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--spring.main.banner-mode=off",
				"--server.port=" + port, "--spring.profiles.active=mysql" + (this.faults ? ",faults" : ""),
				"--spring.datasource.url=" + jdbcUrl(database), "--spring.datasource.username=" + user(),
				"--spring.datasource.password=" + password(), "--tc.address=127.0.0.1:" + this.tcRpcPort,
				"--logging.file.name=" + this.dir.resolve(module + ".log")));
		command.addAll(extra);
		return new ProcessBuilder(command).directory(this.dir.toFile());
	}

	private Process launch(ProcessBuilder builder, String label) {
		File out = this.dir.resolve(label + ".out").toFile();
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out));
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start " + label, ex);
		}
	}

	private void awaitHealthy(Process process, String label, String url) {
		await(label + " healthy").atMost(HEALTHY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
			requireAlive(process, label);
			try {
				Http.Response health = Http.get(url);
				return health.status() == 200 && "UP".equals(health.text("status"));
			}
			catch (RuntimeException notYet) {
				return false;
			}
		});
	}

	private void requireAlive(Process process, String label) {
		if (process != null && !process.isAlive()) {
			throw new IllegalStateException(label + " exited with " + process.exitValue() + "; see " + this.dir);
		}
	}

	/** SIGKILL, and wait until the process is gone. */
	private static void kill(Process process) {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			waitFor(process);
		}
	}

	private static void stop(Process process) {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!waitFor(process)) {
				process.destroyForcibly();
				waitFor(process);
			}
		}
	}

	private static boolean waitFor(Process process) {
		try {
			return process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path repo(String path) {
		return Path.of(System.getProperty("repo.root", "..")).resolve(path).toAbsolutePath().normalize();
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static String jdbcUrl(String database) {
		return "jdbc:mysql://" + System.getProperty("it.db.host", "127.0.0.1:3306") + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
	}

	static String user() {
		return System.getProperty("it.db.user", "root");
	}

	static String password() {
		return System.getProperty("it.db.password", "");
	}

	private static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), user(), password());
	}

	private void sql(String statement) throws SQLException {
		try (Connection c = connect(""); Statement s = c.createStatement()) {
			s.execute(statement);
		}
	}

}
