package dev.tccledger.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator is a door too (README, Profiles): a deployable TC does not start with
 * the console's built-in login, and the embedded default's console answers on loopback
 * only.
 */
class TcDoorE2EIT {

	@RegisterExtension
	static final E2e e2e = E2e.shared(SmokeE2EIT.PLAIN);

	@Test
	void aTcWithAProfileRefusesToStartWithoutTheConsoleLoginAndItsSecret() throws Exception {
		Refusal refused = tcSh(Map.of("TC_PROFILE", "db"));
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.stderr()).contains("TC_CONSOLE_USER", "TC_CONSOLE_PASSWORD", "TC_CONSOLE_SECRET");

		// a login without a secret strong enough for the console's HMAC-SHA256 tokens
		Refusal weak = tcSh(Map.of("TC_PROFILE", "db", "TC_CONSOLE_USER", "ops", "TC_CONSOLE_PASSWORD", "long-enough",
				"TC_CONSOLE_SECRET", "c2hvcnQ="));
		assertThat(weak.exitCode()).isEqualTo(2);
		assertThat(weak.stderr()).contains("TC_CONSOLE_SECRET", "at least 32 bytes");
	}

	@Test
	void theTcsConsoleTheServicesAndTheIssuerListenOnLoopbackOnly() throws Exception {
		TestSystem system = e2e.system();
		Map<Integer, InetAddress> listening = listeningSockets(system.pid("tc"));
		assertThat(listening).as("the TC's listening sockets").containsOnlyKeys(system.tcConsolePort, system.tcRpcPort);
		assertThat(listening.get(system.tcConsolePort).isLoopbackAddress())
			.as("console bound to %s", listening.get(system.tcConsolePort))
			.isTrue();
		// Seata 2.0.0's NettyServerBootstrap.start() binds new
		// InetSocketAddress(port): every
		// interface, with no setting for a host. If an upgrade brings one, bind it to
		// loopback in conf/application.yml and turn this around.
		assertThat(listening.get(system.tcRpcPort).isAnyLocalAddress())
			.as("RPC bound to %s", listening.get(system.tcRpcPort))
			.isTrue();

		// the services listen on loopback unless SERVER_ADDRESS says otherwise
		Map<Integer, InetAddress> ledger = listeningSockets(system.pid("ledger"));
		assertThat(ledger).as("the ledger's listening sockets").containsOnlyKeys(system.ledgerPort);
		assertThat(ledger.get(system.ledgerPort).isLoopbackAddress()).as("ledger bound to %s", ledger).isTrue();
		Map<Integer, InetAddress> orders = listeningSockets(system.pid("order"));
		assertThat(orders).as("order-service's listening sockets").containsOnlyKeys(system.orderPort);
		assertThat(orders.get(system.orderPort).isLoopbackAddress()).as("order-service bound to %s", orders).isTrue();
		// the development issuer: anyone who reached it could mint a token with a
		// well-known secret
		Map<Integer, InetAddress> auth = listeningSockets(system.pid("auth"));
		assertThat(auth).as("the auth-server's listening sockets").containsOnlyKeys(system.authPort);
		assertThat(auth.get(system.authPort).isLoopbackAddress()).as("auth-server bound to %s", auth).isTrue();
	}

	private record Refusal(int exitCode, String stderr) {
	}

	private static Refusal tcSh(Map<String, String> env) throws IOException, InterruptedException {
		Path repo = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
		ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("seata-server-config/tc.sh").toString());
		builder.environment().keySet().removeIf((name) -> name.startsWith("TC_"));
		builder.environment().putAll(env);
		// ports nobody listens on: if tc.sh wrongly started the TC, it must not collide
		builder.environment().put("TC_RPC_PORT", Integer.toString(Ports.free()));
		builder.environment().put("TC_CONSOLE_PORT", Integer.toString(Ports.free()));
		Path dir = Files.createTempDirectory("tc-door");
		builder.environment().put("TC_DATA_DIR", dir.resolve("data").toString());
		builder.environment().put("TC_LOG_DIR", dir.resolve("logs").toString());
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		Process tc = builder.start();
		if (!tc.waitFor(20, TimeUnit.SECONDS)) {
			tc.destroyForcibly();
			throw new AssertionError("tc.sh started the TC instead of refusing");
		}
		return new Refusal(tc.exitValue(), new String(tc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	/** Listening TCP port to its bound address, for the sockets the process holds. */
	private static Map<Integer, InetAddress> listeningSockets(long pid) throws IOException {
		Set<String> inodes = new HashSet<>();
		try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring("socket:[".length(), target.length() - 1));
					}
				}
				catch (IOException closedMeanwhile) {
					// the fd went away between the listing and the read
				}
			}
		}
		Map<Integer, InetAddress> listening = new HashMap<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines = Files.readAllLines(Path.of(table));
			for (String line : lines.subList(1, lines.size())) {
				String[] f = line.trim().split("\\s+");
				// f[1] local address:port, f[3] state (0A = LISTEN), f[9] inode
				if (f[3].equals("0A") && inodes.contains(f[9])) {
					String[] local = f[1].split(":");
					listening.put(Integer.parseInt(local[1], 16), address(local[0]));
				}
			}
		}
		return listening;
	}

	/** /proc/net/tcp* print an address as 32-bit words in host (little-endian) order. */
	private static InetAddress address(String hex) throws UnknownHostException {
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int at = word * 8 + (3 - i) * 2;
				bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		return InetAddress.getByAddress(bytes);
	}

}
