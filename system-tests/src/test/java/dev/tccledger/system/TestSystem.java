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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as real processes: the auth-server issuing the tokens, the released
 * Seata TC (through seata-server-config/tc.sh) and both service jars, on free ports, each
 * service on a MariaDB database created for this system and dropped when it closes.
 * Processes can be killed (SIGKILL) and started again on the same ports, stores and
 * databases.
 */
final class TestSystem implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TestSystem.class);

	static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

	final String name;

	final int authPort = Ports.free();

	final int tcRpcPort = Ports.free();

	final int tcConsolePort = Ports.free();

	final int ledgerPort = Ports.free();

	final int orderPort = Ports.free();

	/** The payment channel (channel-simulator), the ledger's channel {@code sim}. */
	final int channelPort = Ports.free();

	final String ledgerDb;

	final String orderDb;

	/** The TC's own database when it runs on the db store, else null. */
	final String tcDb;

	/** host:port of the MariaDB/MySQL server the services (and a db-store TC) use. */
	final String dbHost;

	final Path dir;

	private final boolean faults;

	private final long orderGlobalTimeoutMs;

	private final List<String> ledgerArgs = new ArrayList<>();

	private final List<String> orderArgs = new ArrayList<>();

	private final List<String> authArgs = new ArrayList<>();

	/** Tokens from this system's auth-server, as each client of the tests holds them. */
	final Tokens tokens;

	private Process auth;

	private Process tc;

	private Process ledger;

	private Process order;

	private Process channel;

	/**
	 * How to start a system: extra --key=value arguments per service and for the
	 * auth-server, another database server, and the TC's db store instead of its file
	 * store.
	 */
	record Options(String name, boolean faults, long orderGlobalTimeoutMs, List<String> ledgerArgs,
			List<String> orderArgs, String dbHost, boolean tcDbStore, List<String> authArgs) {

		static Options named(String name) {
			return new Options(name, false, 10_000, List.of(), List.of(),
					System.getProperty("it.db.host", "127.0.0.1:3306"), false, List.of());
		}

		Options withFaults() {
			return new Options(name, true, orderGlobalTimeoutMs, ledgerArgs, orderArgs, dbHost, tcDbStore, authArgs);
		}

		Options globalTimeoutMs(long ms) {
			return new Options(name, faults, ms, ledgerArgs, orderArgs, dbHost, tcDbStore, authArgs);
		}

		Options args(List<String> ledger, List<String> order) {
			return new Options(name, faults, orderGlobalTimeoutMs, ledger, order, dbHost, tcDbStore, authArgs);
		}

		Options onDatabase(String host) {
			return new Options(name, faults, orderGlobalTimeoutMs, ledgerArgs, orderArgs, host, tcDbStore, authArgs);
		}

		Options withFaultsIf(boolean on) {
			return on ? withFaults() : this;
		}

		Options withTcDbStore() {
			return new Options(name, faults, orderGlobalTimeoutMs, ledgerArgs, orderArgs, dbHost, true, authArgs);
		}

		/** Extra --key=value arguments for the auth-server (say a short token TTL). */
		Options authArgs(List<String> args) {
			return new Options(name, faults, orderGlobalTimeoutMs, ledgerArgs, orderArgs, dbHost, tcDbStore, args);
		}

	}

	private final boolean tcDbStore;

	private TestSystem(Options options) {
		this.name = options.name();
		this.faults = options.faults();
		this.orderGlobalTimeoutMs = options.orderGlobalTimeoutMs();
		this.dbHost = options.dbHost();
		this.tcDbStore = options.tcDbStore();
		this.ledgerArgs.addAll(options.ledgerArgs());
		this.orderArgs.addAll(options.orderArgs());
		this.authArgs.addAll(options.authArgs());
		this.tokens = new Tokens(issuer());
		String name = this.name;
		String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_"
				+ UUID.randomUUID().toString().substring(0, 6);
		this.ledgerDb = "tcc_e2e_" + id + "_ledger";
		this.orderDb = "tcc_e2e_" + id + "_order";
		this.tcDb = this.tcDbStore ? "tcc_e2e_" + id + "_tc" : null;
		// one directory per scenario class, emptied when it starts again: the logs of the
		// last run stay, and a TC never starts on a store of an earlier one
		this.dir = Path.of("target", "e2e", name).toAbsolutePath();
	}

	/**
	 * Starts the auth-server, the TC and both services and waits until all four are
	 * healthy.
	 */
	static TestSystem start(String name, boolean faults) {
		return start(Options.named(name).globalTimeoutMs(10_000).args(List.of(), List.of()).withFaultsIf(faults));
	}

	static TestSystem start(String name, boolean faults, long orderGlobalTimeoutMs, List<String> ledgerArgs,
			List<String> orderArgs) {
		return start(Options.named(name)
			.globalTimeoutMs(orderGlobalTimeoutMs)
			.args(ledgerArgs, orderArgs)
			.withFaultsIf(faults));
	}

	static TestSystem start(Options options) {
		TestSystem system = new TestSystem(options);
		// a test JVM killed mid-run must not leave a TC or a service running on the
		// machine
		Runtime.getRuntime().addShutdownHook(new Thread(system::destroyProcesses));
		try {
			delete(system.dir);
			Files.createDirectories(system.dir);
			system.sql("CREATE DATABASE " + system.ledgerDb);
			system.sql("CREATE DATABASE " + system.orderDb);
			if (system.tcDb != null) {
				system.createTcStore();
			}
			// the issuer and the channel start while the TC does; all are up before the
			// services
			system.launchChannel();
			system.launchAuth();
			system.startTc();
			system.awaitAuthHealthy();
			system.awaitChannelHealthy();
			system.startLedger();
			system.startOrder();
			system.awaitLedgerHealthy();
			system.awaitOrderHealthy();
			log.info("system {} up: auth {}, TC {}{}, ledger {}, order {}", system.name, system.authPort,
					system.tcRpcPort, (system.tcDb != null) ? " (db store)" : "", system.ledgerPort, system.orderPort);
			return system;
		}
		catch (RuntimeException | IOException | SQLException ex) {
			system.close();
			throw new IllegalStateException("could not start the system " + system.name + "; logs in " + system.dir,
					ex);
		}
	}

	/**
	 * The TC's db-store schema, from sql/seata-server: the one copy in the repository.
	 */
	private void createTcStore() throws IOException, SQLException {
		sql("CREATE DATABASE " + this.tcDb);
		String script = Files.readString(repo("sql/seata-server/V1__tc_store.sql"));
		try (Connection c = connect(this.tcDb); Statement s = c.createStatement()) {
			for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
				if (!statement.isBlank()) {
					s.execute(statement);
				}
			}
		}
	}

	String ledger(String path) {
		return "http://127.0.0.1:" + this.ledgerPort + path;
	}

	String orders(String path) {
		return "http://127.0.0.1:" + this.orderPort + path;
	}

	/**
	 * The issuer URL: the {@code iss} of every token and where the services find its
	 * keys.
	 */
	String issuer() {
		return "http://127.0.0.1:" + this.authPort;
	}

	/** A token of {@code client} from this system's auth-server. */
	String token(Tokens.Client client) {
		return this.tokens.of(client);
	}

	// --- the auth-server ---

	/**
	 * Starts the auth-server (a fresh signing key: tokens held from before no longer
	 * verify) and waits until it is healthy.
	 */
	void startAuth() {
		launchAuth();
		awaitAuthHealthy();
	}

	private void launchAuth() {
		this.tokens.forget();
		List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", Path.of(System.getProperty("auth.jar")).toString(),
				"--spring.main.banner-mode=off", "--server.port=" + this.authPort, "--auth.issuer=" + issuer(),
				// a test run on purpose, whatever SPRING_PROFILES_ACTIVE the machine has
				"--auth.dev-clients=true", "--logging.file.name=" + this.dir.resolve("auth-server.log"),
				// one line per request, unbuffered: who got a token when (for diagnosis)
				"--server.tomcat.accesslog.enabled=true", "--server.tomcat.accesslog.directory=" + this.dir,
				"--server.tomcat.accesslog.prefix=auth-access", "--server.tomcat.accesslog.suffix=.log",
				"--server.tomcat.accesslog.rotate=false", "--server.tomcat.accesslog.buffered=false",
				"--server.tomcat.accesslog.pattern=%{yyyy-MM-dd'T'HH:mm:ss.SSS}t \"%r\" %s \"%{User-Agent}i\""));
		command.addAll(this.authArgs);
		this.auth = launch(new ProcessBuilder(command).directory(this.dir.toFile()), "auth");
	}

	private void awaitAuthHealthy() {
		awaitHealthy(this.auth, "auth", issuer() + "/actuator/health");
	}

	/** SIGKILL: the issuer gone, its signing key with it. */
	void killAuth() {
		kill(this.auth);
	}

	boolean authAlive() {
		return this.auth != null && this.auth.isAlive();
	}

	// --- the payment channel ---

	/**
	 * The channel simulator with its development merchant (the ledger is given its key
	 * and callback secret), its own H2 store under this system's directory, customers
	 * paying after half a second.
	 */
	private void launchChannel() {
		List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", Path.of(System.getProperty("channel.jar")).toString(),
				"--spring.main.banner-mode=off", "--server.port=" + this.channelPort,
				"--channel.data-dir=" + this.dir.resolve("channel"), "--channel.auto-pay-ms=500",
				"--channel.redelivery-base-ms=200", "--channel.redelivery-cap-ms=2000"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dir.toFile());
		builder.environment().put("LOG_DIR", this.dir.toString());
		this.channel = launch(builder, "channel");
	}

	private void awaitChannelHealthy() {
		awaitHealthy(this.channel, "channel", channel("/actuator/health"));
	}

	/**
	 * Starts the channel again on the same port and store: what it stored (payments,
	 * payouts, callbacks still to deliver) survives, the behaviours asked for do not.
	 */
	void startChannel() {
		launchChannel();
		awaitChannelHealthy();
	}

	/** SIGKILL: the provider gone, its store kept. */
	void killChannel() {
		kill(this.channel);
	}

	boolean channelAlive() {
		return this.channel != null && this.channel.isAlive();
	}

	String channel(String path) {
		return "http://127.0.0.1:" + this.channelPort + path;
	}

	// --- the TC ---

	void startTc() {
		ProcessBuilder builder = new ProcessBuilder("bash", repo("seata-server-config/tc.sh").toString());
		builder.environment().put("TC_RPC_PORT", Integer.toString(this.tcRpcPort));
		builder.environment().put("TC_CONSOLE_PORT", Integer.toString(this.tcConsolePort));
		builder.environment().put("TC_DATA_DIR", this.dir.resolve("tc-data").toString());
		builder.environment().put("TC_LOG_DIR", this.dir.resolve("tc-logs").toString());
		builder.environment().put("TC_RETRY_PERIOD_MS", "500");
		builder.environment().put("TC_RETRY_DEAD_THRESHOLD_MS", "8000");
		// every message the TC handled, for diagnosing a failed scenario from tc-logs/
		builder.environment().put("TC_LOG_LEVEL", "info");
		builder.environment().put("TC_CLIENT_SECRETS", tcClientSecrets());
		if (this.tcDb != null) {
			builder.environment().put("TC_PROFILE", "db");
			builder.environment().put("TC_DB_URL", jdbcUrl(this.tcDb));
			builder.environment().put("TC_DB_USER", user());
			builder.environment().put("TC_DB_PASSWORD", password());
			// a profile makes tc.sh demand the console's login and JWT secret
			builder.environment().put("TC_CONSOLE_USER", "e2e");
			builder.environment().put("TC_CONSOLE_PASSWORD", "e2e-" + this.tcConsolePort);
			builder.environment()
				.put("TC_CONSOLE_SECRET", Base64.getEncoder()
					.encodeToString(("tc-console-secret-of-the-e2e-run-" + this.tcConsolePort).getBytes()));
		}
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

	/**
	 * Deletes the TC's file store (the TC must be stopped): it forgets every transaction.
	 */
	void wipeTcStore() throws IOException {
		delete(this.dir.resolve("tc-data"));
	}

	private static void delete(Path tree) throws IOException {
		if (Files.exists(tree)) {
			try (var files = Files.walk(tree)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	/**
	 * How a part ("tc", "ledger", "order") that is no longer running ended: 137 after a
	 * HALT fault point or a SIGKILL.
	 */
	int exitCode(String part) {
		Process p = process(part);
		await(part + " ended").atMost(Duration.ofSeconds(20)).until(() -> !p.isAlive());
		return p.exitValue();
	}

	/** The PID of a part ("tc", "ledger", "order"), for SIGSTOP and SIGCONT. */
	long pid(String part) {
		return process(part).pid();
	}

	/** {@code kill -<signal>} to a part, say STOP or CONT; fails unless kill exits 0. */
	void signal(String part, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid(part))).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + part + " exited " + kill.exitValue());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Process process(String part) {
		return switch (part) {
			case "auth" -> this.auth;
			case "tc" -> this.tc;
			case "ledger" -> this.ledger;
			case "order" -> this.order;
			case "channel" -> this.channel;
			default -> throw new IllegalArgumentException(part);
		};
	}

	/** Starts whatever is not running and waits until the services are healthy. */
	void ensureUp() {
		if (!authAlive()) {
			startAuth();
		}
		if (!tcAlive()) {
			startTc();
		}
		if (!channelAlive()) {
			startChannel();
		}
		if (!ledgerAlive()) {
			startLedger();
		}
		if (!orderAlive()) {
			startOrder();
		}
		awaitLedgerHealthy();
		awaitOrderHealthy();
	}

	boolean tcAlive() {
		return this.tc != null && this.tc.isAlive();
	}

	boolean ledgerAlive() {
		return this.ledger != null && this.ledger.isAlive();
	}

	boolean orderAlive() {
		return this.order != null && this.order.isAlive();
	}

	// --- ledger-service ---

	void startLedger() {
		this.ledger = launch(service("ledger-service", this.ledgerPort, this.ledgerDb, this.ledgerArgs), "ledger");
	}

	void awaitLedgerHealthy() {
		awaitHealthy(this.ledger, "ledger", ledger("/actuator/health"));
	}

	void killLedger() {
		kill(this.ledger);
	}

	/**
	 * Stops the ledger, then starts it again with other --key=value arguments (say
	 * another sentinel grace) on the same port and database.
	 */
	void restartLedgerWith(List<String> args) {
		stop(this.ledger);
		this.ledgerArgs.clear();
		this.ledgerArgs.addAll(args);
		startLedger();
		awaitLedgerHealthy();
	}

	/**
	 * One more ledger process, outside the TC (seata disabled), on another database and
	 * port: finance's reads over a copy of the books. The caller stops it.
	 */
	Process startLedgerOn(String database, int port) {
		Process extra = launch(
				service("ledger-service", port, database,
						List.of("--seata.enabled=false",
								"--logging.file.name=" + this.dir.resolve("ledger-" + database + ".log"))),
				"ledger-" + database);
		awaitHealthy(extra, "ledger on " + database, "http://127.0.0.1:" + port + "/actuator/health");
		return extra;
	}

	/** A new database {@code to} holding a copy of every table of {@code from}. */
	void copyDatabase(String from, String to) throws SQLException {
		sql("CREATE DATABASE " + to);
		try (Connection c = connect(to); Statement s = c.createStatement()) {
			for (String table : tables(from)) {
				s.execute("CREATE TABLE " + to + "." + table + " LIKE " + from + "." + table);
			}
		}
		refill(from, to);
	}

	/**
	 * Empties every table of the copy {@code to} and fills it again from {@code from}.
	 */
	void refill(String from, String to) throws SQLException {
		try (Connection c = connect(to); Statement s = c.createStatement()) {
			s.execute("SET FOREIGN_KEY_CHECKS = 0");
			for (String table : tables(to)) {
				s.execute("DELETE FROM " + to + "." + table);
				s.execute("INSERT INTO " + to + "." + table + " SELECT * FROM " + from + "." + table);
			}
		}
	}

	private List<String> tables(String database) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection c = connect(database);
				var rs = c.getMetaData().getTables(database, null, "%", new String[] { "TABLE" })) {
			while (rs.next()) {
				tables.add(rs.getString("TABLE_NAME"));
			}
		}
		return tables;
	}

	void dropDatabase(String database) throws SQLException {
		sql("DROP DATABASE IF EXISTS " + database);
	}

	Connection connection(String database) throws SQLException {
		return connect(database);
	}

	/** Graceful stop of any process this system started. */
	static void stopProcess(Process process) {
		stop(process);
	}

	/** Graceful stop (SIGTERM), as an operator would. */
	void stopLedger() {
		stop(this.ledger);
	}

	// --- order-service ---

	void startOrder() {
		List<String> args = new ArrayList<>(List.of(
				"--spring.cloud.discovery.client.simple.instances.ledger-service[0].uri=http://127.0.0.1:"
						+ this.ledgerPort,
				"--orders.global-timeout-ms=" + this.orderGlobalTimeoutMs,
				// its own token for the ledger, by client credentials
				"--spring.security.oauth2.client.registration.ledger.client-secret=order-service-secret",
				"--spring.security.oauth2.client.provider.ledger.token-uri=" + issuer() + "/oauth2/token"));
		args.addAll(this.orderArgs);
		this.order = launch(service("order-service", this.orderPort, this.orderDb, args), "order");
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

	Connection tcDbConnection() throws SQLException {
		return connect(this.tcDb);
	}

	private void destroyProcesses() {
		for (Process p : new Process[] { this.order, this.ledger, this.tc, this.auth, this.channel }) {
			if (p != null) {
				p.destroyForcibly();
			}
		}
	}

	@Override
	public void close() {
		for (Process p : new Process[] { this.order, this.ledger, this.tc, this.auth, this.channel }) {
			stop(p);
		}
		try {
			sql("DROP DATABASE IF EXISTS " + this.ledgerDb);
			sql("DROP DATABASE IF EXISTS " + this.orderDb);
			if (this.tcDb != null) {
				sql("DROP DATABASE IF EXISTS " + this.tcDb);
			}
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
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer(),
				"--logging.file.name=" + this.dir.resolve(module + ".log")));
		command.add("--tcc.tc-auth.secret=" + tcAuthSecret(module));
		if (module.startsWith("ledger")) {
			// required under a profile: the channel simulator's development merchant
			command.addAll(List.of("--ledger.channels.sim.merchant-key=sim-ledger-key",
					"--ledger.channels.sim.callback-secret=sim-ledger-callback-secret",
					"--ledger.channels.sim.base-url=" + channel(""),
					"--ledger.channels.sim.notify-base-url=http://127.0.0.1:" + port));
		}
		command.addAll(extra);
		return new ProcessBuilder(command).directory(this.dir.toFile());
	}

	// --- the TC's registration credential (docs/operations.md): the services run with
	// a profile, so each needs its secret, and the TC knows both ---

	static String tcAuthSecret(String application) {
		return "e2e-" + application + "-tc-secret";
	}

	static String tcClientSecrets() {
		return "ledger-service=" + tcAuthSecret("ledger-service") + ",order-service=" + tcAuthSecret("order-service");
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

	String jdbcUrl(String database) {
		return "jdbc:mysql://" + this.dbHost + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
	}

	static String user() {
		return System.getProperty("it.db.user", "root");
	}

	static String password() {
		return System.getProperty("it.db.password", "");
	}

	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), user(), password());
	}

	private void sql(String statement) throws SQLException {
		try (Connection c = connect(""); Statement s = c.createStatement()) {
			s.execute(statement);
		}
	}

}
