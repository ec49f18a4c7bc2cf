package dev.tccledger.benchmark;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's settings: flags first, then the environment (LEDGER_URL, ORDER_URL,
 * AUTH_URL, TC_RPC_PORT), then the defaults below. {@code --smoke} only changes defaults,
 * so a flag given with it still wins.
 */
final class Options {

	static final String USAGE = """
			benchmark/bench.sh [flags]   (flags as --name value or --name=value)

			  --ledger-url URL      ledger-service (env LEDGER_URL, default http://127.0.0.1:8081)
			  --order-url URL       order-service (env ORDER_URL, default http://127.0.0.1:8082)
			  --auth-url URL        the token issuer (env AUTH_URL, default http://127.0.0.1:9000); tokens by
			                        client credentials: demo-shop pays, finance-operator funds the payers,
			                        finance-viewer reads the reconciliation, prometheus the services' CPU
			  --modes LIST          tcc,direct (default); tcc = POST /api/v1/orders (one leg, a global
			                        transaction), direct = POST /api/v1/transfers (one local transaction)
			  --clients N           closed loop: N clients, each waits for its answer (default 16)
			  --rate R              open loop instead: R requests/s at fixed intervals, latency measured
			                        from the intended start (coordinated-omission-correct)
			  --max-in-flight N     open loop: at most N requests outstanding (default 512)
			  --warmup W            seconds per mode before measuring, not recorded (default 5)
			  --seconds T           measured seconds per mode (default 30)
			  --payers M            paying customer accounts, funded by a deposit (default 200)
			  --payees uniform|hot  uniform over --merchants K merchants (default), or one hot merchant
			  --merchants K         merchants for --payees uniform (default 20)
			  --amount A            minor units per payment (default 100)
			  --currency C          ISO 4217 code of every account (default CNY)
			  --request-timeout S   client timeout per request in seconds (default 30)
			  --tc-pid PID          the Seata TC's process, for its CPU time from /proc/PID/stat
			  --tc-port P           else the process listening on P (env TC_RPC_PORT, default 8091),
			                        else the one process whose command line has io.seata.server.ServerApplication
			  --run-id ID           prefix of every id this run creates (default b<timestamp>-<random>)
			  --out FILE            the JSON result (default target/results/<run id>.json)
			  --smoke               CI setting: 2 clients, 1 s warm-up, 3 s per mode, 4 payers, 2 merchants
			  --help
			""";

	String ledgerUrl;

	String orderUrl;

	String authUrl;

	List<Mode> modes = List.of(Mode.TCC, Mode.DIRECT);

	int clients = 16;

	int ratePerSecond;

	int maxInFlight = 512;

	int warmupSeconds = 5;

	int seconds = 30;

	int payers = 200;

	boolean hotPayee;

	int merchants = 20;

	long amountMinor = 100;

	String currency = "CNY";

	int requestTimeoutSeconds = 30;

	Long tcPid;

	int tcPort;

	String runId;

	Path out;

	boolean smoke;

	boolean help;

	boolean openLoop() {
		return this.ratePerSecond > 0;
	}

	/**
	 * Each payer's deposit: enough for every payment this run could make, and far below
	 * 10^15.
	 */
	long depositMinor() {
		return 1_000_000_000_000L;
	}

	static Options parse(String[] args, Map<String, String> env) {
		Map<String, String> flags = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument '" + arg + "'");
			}
			String name = arg.substring(2);
			String value = null;
			int eq = name.indexOf('=');
			if (eq >= 0) {
				value = name.substring(eq + 1);
				name = name.substring(0, eq);
			}
			else if (!name.equals("smoke") && !name.equals("help")) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("--" + name + " needs a value");
				}
				value = args[++i];
			}
			flags.put(name, value);
		}
		Options options = new Options();
		if (flags.containsKey("smoke")) {
			flags.remove("smoke");
			options.smoke = true;
			options.clients = 2;
			options.warmupSeconds = 1;
			options.seconds = 3;
			options.payers = 4;
			options.merchants = 2;
		}
		options.ledgerUrl = trimSlash(env.getOrDefault("LEDGER_URL", "http://127.0.0.1:8081"));
		options.orderUrl = trimSlash(env.getOrDefault("ORDER_URL", "http://127.0.0.1:8082"));
		options.authUrl = trimSlash(env.getOrDefault("AUTH_URL", "http://127.0.0.1:9000"));
		options.tcPort = Integer.parseInt(env.getOrDefault("TC_RPC_PORT", "8091"));
		for (Map.Entry<String, String> flag : flags.entrySet()) {
			options.set(flag.getKey(), flag.getValue());
		}
		if (options.runId == null) {
			options.runId = "b" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-"
					+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
		}
		if (options.out == null) {
			options.out = Path.of(System.getProperty("bench.results.dir", "target/results"), options.runId + ".json");
		}
		options.validate();
		return options;
	}

	private void set(String name, String value) {
		switch (name) {
			case "ledger-url" -> this.ledgerUrl = trimSlash(value);
			case "order-url" -> this.orderUrl = trimSlash(value);
			case "auth-url" -> this.authUrl = trimSlash(value);
			case "modes" -> this.modes = modes(value);
			case "clients" -> this.clients = positive(name, value);
			case "rate" -> this.ratePerSecond = positive(name, value);
			case "max-in-flight" -> this.maxInFlight = positive(name, value);
			case "warmup" -> this.warmupSeconds = Integer.parseInt(value);
			case "seconds" -> this.seconds = positive(name, value);
			case "payers" -> this.payers = positive(name, value);
			case "payees" -> this.hotPayee = switch (value) {
				case "hot" -> true;
				case "uniform" -> false;
				default -> throw new IllegalArgumentException("--payees is uniform or hot, not '" + value + "'");
			};
			case "merchants" -> this.merchants = positive(name, value);
			case "amount" -> this.amountMinor = positive(name, value);
			case "currency" -> this.currency = value;
			case "request-timeout" -> this.requestTimeoutSeconds = positive(name, value);
			case "tc-pid" -> this.tcPid = Long.parseLong(value);
			case "tc-port" -> this.tcPort = positive(name, value);
			case "run-id" -> this.runId = value;
			case "out" -> this.out = Path.of(value);
			case "help" -> this.help = true;
			default -> throw new IllegalArgumentException("unknown flag --" + name);
		}
	}

	private void validate() {
		if (this.warmupSeconds < 0) {
			throw new IllegalArgumentException("--warmup must be 0 or more");
		}
		if (!this.runId.matches("[A-Za-z0-9._:-]{1,32}")) {
			throw new IllegalArgumentException("--run-id must be 1-32 characters of [A-Za-z0-9._:-]");
		}
	}

	private static List<Mode> modes(String value) {
		List<Mode> modes = new ArrayList<>();
		for (String name : value.split(",")) {
			modes.add(Mode.valueOf(name.trim().toUpperCase(Locale.ROOT)));
		}
		if (modes.isEmpty()) {
			throw new IllegalArgumentException("--modes needs at least one of tcc, direct");
		}
		return List.copyOf(modes);
	}

	private static int positive(String name, String value) {
		int number = Integer.parseInt(value);
		if (number <= 0) {
			throw new IllegalArgumentException("--" + name + " must be more than 0");
		}
		return number;
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** What one request of a mode is. */
	enum Mode {

		/**
		 * POST /api/v1/orders with one leg: a Seata global transaction with two TCC
		 * branches.
		 */
		TCC,

		/** POST /api/v1/transfers: one local transaction on the ledger. */
		DIRECT;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
