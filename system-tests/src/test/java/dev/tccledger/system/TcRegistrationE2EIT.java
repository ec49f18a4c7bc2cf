package dev.tccledger.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TC's RPC port lets a TM or RM register only with a credential signed with its
 * application's secret (docs/operations.md, The TC's registration credential): a real TC
 * started by tc.sh, and Seata clients in processes of their own (RegistrationProbe, run
 * inside ledger-service's jar so that it registers with the services' own client code).
 */
class TcRegistrationE2EIT {

	private static final String ORDER_SECRET = "order-" + UUID.randomUUID();

	private static final String LEDGER_SECRET = "ledger-" + UUID.randomUUID();

	private static final String ROGUE_SECRET = "rogue-" + UUID.randomUUID();

	private final Path dir = Path.of("target", "e2e", "TcRegistrationE2EIT").toAbsolutePath();

	@Test
	void onlyAClientWithItsSecretRegistersAndNoOtherCanCommitItsTransaction() throws Exception {
		try (Tc tc = Tc.start(this.dir.resolve("secrets"),
				Map.of("TC_CLIENT_SECRETS", "order-service=" + ORDER_SECRET + ",ledger-service=" + LEDGER_SECRET))) {
			Probe begun = tc.probe("order-service", ORDER_SECRET, "begin");
			assertThat(begun.registered()).as(begun.output()).isEqualTo("TM_CHANNELS=1 RM_CHANNELS=1");
			String xid = begun.value("XID");

			// another secret, no credential, another application's secret, an application
			// the
			// TC has no secret for: neither the TM nor the RM registers, and the commit
			// of the
			// victim's xid never reaches the TC
			List<Probe> rogues = List.of(tc.probe("order-service", ROGUE_SECRET, "commit", xid),
					tc.probe("order-service", null, "commit", xid),
					tc.probe("order-service", LEDGER_SECRET, "commit", xid),
					tc.probe("rogue-service", ROGUE_SECRET, "commit", xid));
			for (Probe rogue : rogues) {
				assertThat(rogue.registered()).as(rogue.output()).isEqualTo("TM_CHANNELS=0 RM_CHANNELS=0");
				assertThat(rogue.value("FAILED")).as(rogue.output()).contains("No available service");
				assertThat(rogue.exitCode()).isEqualTo(3);
			}

			Probe status = tc.probe("order-service", ORDER_SECRET, "status", xid);
			assertThat(status.value("STATUS")).as("the victim's transaction after the rogues").isEqualTo("Begin");
			Probe committed = tc.probe("order-service", ORDER_SECRET, "commit", xid);
			assertThat(committed.value("STATUS")).as(committed.output()).isEqualTo("Committed");

			String log = tc.log();
			assertThat(log).contains(
					"TM registration of application 'order-service' (group 'tcc-ledger-group')"
							+ " refused: a wrong signature",
					"RM registration of application 'order-service'", "refused: no tcc-auth credential",
					"TM registration of application 'rogue-service' (group 'tcc-ledger-group') refused: an application"
							+ " the TC has no secret for",
					// Seata's own line after each refusal names the remote address
					"TM checkAuth for client:127.0.0.1:", "RM checkAuth for client:127.0.0.1:");
			assertThat(log).doesNotContain(ORDER_SECRET, LEDGER_SECRET, ROGUE_SECRET);
		}
	}

	@Test
	void theEmbeddedDefaultTcKnowsTheDevelopmentSecretsTheServicesSignWithWhenTheyHaveNone() throws Exception {
		try (Tc tc = Tc.start(this.dir.resolve("embedded"), Map.of())) {
			// no tcc.tc-auth.secret and no profile: dev-order-service-secret
			Probe embedded = tc.probe("order-service", "", "begin");
			assertThat(embedded.registered()).as(embedded.output()).isEqualTo("TM_CHANNELS=1 RM_CHANNELS=1");
			assertThat(embedded.value("XID")).isNotBlank();

			Probe unsigned = tc.probe("order-service", null, "begin");
			assertThat(unsigned.registered()).as(unsigned.output()).isEqualTo("TM_CHANNELS=0 RM_CHANNELS=0");
			assertThat(unsigned.value("FAILED")).contains("No available service");
		}
	}

	@Test
	void aTcWithAProfileOrMalformedSecretsDoesNotStart() throws Exception {
		Map<String, String> console = Map.of("TC_PROFILE", "db", "TC_CONSOLE_USER", "ops", "TC_CONSOLE_PASSWORD",
				"long-enough", "TC_CONSOLE_SECRET", "dGhpcnR5LXR3by1ieXRlcy1vZi1hLWNvbnNvbGUta2V5IQ==");
		Tc.Ended refused = Tc.run(this.dir.resolve("profiled"), console);
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.output()).contains("TC_CLIENT_SECRETS");

		// tc.sh checks only that there are secrets; the TC itself refuses a short one
		Tc.Ended shortSecret = Tc.run(this.dir.resolve("short"),
				Map.of("TC_CLIENT_SECRETS", "order-service=" + ORDER_SECRET + ",ledger-service=short"));
		assertThat(shortSecret.exitCode()).isNotZero();
		assertThat(shortSecret.output()).contains("the secret of ledger-service is shorter than 16 characters")
			.doesNotContain(ORDER_SECRET);
	}

	/** One output line of a probe: {@code KEY=value}. */
	private record Probe(int exitCode, String output) {

		String registered() {
			return this.output.lines().filter((l) -> l.startsWith("TM_CHANNELS=")).findFirst().orElse("none");
		}

		String value(String key) {
			return this.output.lines()
				.filter((l) -> l.startsWith(key + "="))
				.map((l) -> l.substring(key.length() + 1))
				.findFirst()
				.orElse("");
		}

	}

	/** A TC started by tc.sh on ports of its own, with only the TC_ settings given. */
	private static final class Tc implements AutoCloseable {

		private final Path dir;

		private final int rpcPort;

		private final Process process;

		private Tc(Path dir, int rpcPort, Process process) {
			this.dir = dir;
			this.rpcPort = rpcPort;
			this.process = process;
		}

		record Ended(int exitCode, String output) {
		}

		static Tc start(Path dir, Map<String, String> env) throws IOException, InterruptedException {
			int rpc = Ports.free();
			int console = Ports.free();
			Process process = launch(dir, env, rpc, console);
			// a test JVM killed mid-run must not leave a TC running on the machine
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			Tc tc = new Tc(dir, rpc, process);
			try {
				await("the TC").atMost(TestSystem.HEALTHY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("the TC exited with " + process.exitValue() + "; see " + dir);
					}
					try {
						return "ok".equals(Http.get("http://127.0.0.1:" + console + "/health").raw());
					}
					catch (RuntimeException notYet) {
						return false;
					}
				});
			}
			catch (RuntimeException ex) {
				tc.close();
				throw ex;
			}
			return tc;
		}

		/** tc.sh to its end, which must come within 90 s: a TC that refuses to start. */
		static Ended run(Path dir, Map<String, String> env) throws IOException, InterruptedException {
			Process process = launch(dir, env, Ports.free(), Ports.free());
			if (!process.waitFor(90, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new AssertionError("the TC started instead of refusing; see " + dir);
			}
			return new Ended(process.exitValue(), Files.readString(dir.resolve("tc.out")));
		}

		private static Process launch(Path dir, Map<String, String> env, int rpc, int console) throws IOException {
			delete(dir);
			Files.createDirectories(dir);
			Path repo = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
			ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("seata-server-config/tc.sh").toString());
			builder.environment().keySet().removeIf((name) -> name.startsWith("TC_"));
			builder.environment().putAll(env);
			builder.environment().put("TC_RPC_PORT", Integer.toString(rpc));
			builder.environment().put("TC_CONSOLE_PORT", Integer.toString(console));
			builder.environment().put("TC_DATA_DIR", dir.resolve("tc-data").toString());
			builder.environment().put("TC_LOG_DIR", dir.resolve("tc-logs").toString());
			builder.redirectErrorStream(true).redirectOutput(dir.resolve("tc.out").toFile());
			return builder.start();
		}

		/**
		 * A Seata client of {@code application} in a process of its own: with
		 * {@code secret} as its tcc.tc-auth.secret, "" for none (the embedded default's
		 * development secret), null for no credential at all.
		 */
		Probe probe(String application, String secret, String... command) throws IOException, InterruptedException {
			List<String> args = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
					"-XX:TieredStopAtLevel=1",
					"-Dloader.path=" + new File(
							RegistrationProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()),
					"-Dloader.main=" + RegistrationProbe.class.getName(), "-Dseata.application-id=" + application,
					"-Dservice.vgroupMapping." + RegistrationProbe.GROUP + "=default",
					"-Dservice.default.grouplist=127.0.0.1:" + this.rpcPort));
			if (secret == null) {
				args.add("-Dprobe.credential=none");
			}
			else if (!secret.isEmpty()) {
				args.add("-Dtcc.tc-auth.secret=" + secret);
			}
			args.addAll(List.of("-cp", System.getProperty("ledger.jar"),
					"org.springframework.boot.loader.launch.PropertiesLauncher"));
			args.addAll(List.of(command));
			Path out = this.dir.resolve("probe-" + application + "-" + command[0] + "-" + UUID.randomUUID() + ".out");
			Process probe = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
			if (!probe.waitFor(60, TimeUnit.SECONDS)) {
				probe.destroyForcibly().waitFor();
				throw new AssertionError("the probe did not end; see " + out);
			}
			return new Probe(probe.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
		}

		/** Everything the TC printed: its log lines at WARN and above, and its start. */
		String log() throws IOException {
			return Files.readString(this.dir.resolve("tc.out"), StandardCharsets.UTF_8);
		}

		@Override
		public void close() throws InterruptedException {
			if (this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor();
				}
			}
		}

		private static void delete(Path tree) throws IOException {
			if (Files.exists(tree)) {
				try (var files = Files.walk(tree)) {
					files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
				}
			}
		}

	}

}
