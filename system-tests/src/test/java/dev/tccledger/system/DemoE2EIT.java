package dev.tccledger.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's first command, as CI runs it: ./run.sh on the embedded defaults (H2, the
 * TC's file store), the demo, a balanced reconciliation, and every process stopped
 * afterwards.
 */
class DemoE2EIT {

	@Test
	void runShStartsEverythingOnTheEmbeddedDefaultsAndTheDemoEndsBalanced() throws Exception {
		Path home = Files.createDirectories(Path.of("target", "e2e", "demo-" + System.nanoTime()).toAbsolutePath());
		Path out = home.resolve("run.out");
		ProcessBuilder run = new ProcessBuilder("bash", repo().resolve("run.sh").toString()).directory(repo().toFile())
			.redirectErrorStream(true)
			.redirectOutput(out.toFile());
		run.environment().put("RUN_HOME", home.toString());
		run.environment().put("RUN_EXIT_AFTER_DEMO", "1");
		run.environment().put("TC_RPC_PORT", Integer.toString(Ports.free()));
		run.environment().put("TC_CONSOLE_PORT", Integer.toString(Ports.free()));
		run.environment().put("LEDGER_PORT", Integer.toString(Ports.free()));
		run.environment().put("ORDER_PORT", Integer.toString(Ports.free()));
		Process process = run.start();
		boolean ended = process.waitFor(4, TimeUnit.MINUTES);
		String output = read(out);
		if (!ended) {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(ended).as(output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("All healthy after", "The books balance.", "books balanced", "Stopped.");
		assertThat(output).doesNotContain("DEMO FAILED");
		assertThat(Files.exists(home.resolve("data/ledger.mv.db"))).as("the ledger ran on embedded H2").isTrue();
		assertThat(Files.isDirectory(home.resolve("data/tc"))).as("the TC ran on its file store").isTrue();
	}

	private static Path repo() {
		return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file) : "";
	}

}
