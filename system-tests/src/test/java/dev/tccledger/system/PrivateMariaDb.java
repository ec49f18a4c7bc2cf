package dev.tccledger.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A MariaDB server of the test's own, on a free port with its data under the test's
 * folder, so that a test can kill -9 and restart the database without touching the
 * machine's server. Needs mariadb-install-db and mariadbd from Debian's mariadb-server
 * (what .ci/run ensures).
 */
final class PrivateMariaDb implements AutoCloseable {

	final int port = Ports.free();

	private final Path dir;

	private Process server;

	PrivateMariaDb(Path dir) {
		this.dir = dir;
	}

	String host() {
		return "127.0.0.1:" + this.port;
	}

	PrivateMariaDb install() throws IOException, InterruptedException {
		Files.createDirectories(this.dir);
		Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults",
				"--datadir=" + this.dir.resolve("data"), "--user=" + System.getProperty("user.name"),
				"--auth-root-authentication-method=normal", "--skip-test-db")
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("install.log").toFile())
			.start();
		if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
			throw new IllegalStateException("mariadb-install-db failed; see " + this.dir.resolve("install.log"));
		}
		return this;
	}

	void start() throws IOException {
		this.server = new ProcessBuilder(List.of("mariadbd", "--no-defaults", "--datadir=" + this.dir.resolve("data"),
				"--user=" + System.getProperty("user.name"), "--port=" + this.port, "--bind-address=127.0.0.1",
				"--socket=" + this.dir.resolve("mariadb.sock"), "--pid-file=" + this.dir.resolve("mariadb.pid"),
				"--skip-name-resolve", "--innodb-buffer-pool-size=64M", "--max-connections=300"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("mariadb.log").toFile()))
			.start();
		await("private MariaDB up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			try (var socket = new java.net.Socket("127.0.0.1", this.port)) {
				return true;
			}
			catch (IOException notYet) {
				if (!this.server.isAlive()) {
					throw new IllegalStateException("mariadbd exited; see " + this.dir.resolve("mariadb.log"));
				}
				return false;
			}
		});
	}

	/** SIGKILL: the server dies mid-transaction, as in a crash. */
	void kill() throws InterruptedException {
		if (this.server != null && this.server.isAlive()) {
			this.server.destroyForcibly();
			this.server.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.server != null && this.server.isAlive()) {
			this.server.destroy();
			if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

}
