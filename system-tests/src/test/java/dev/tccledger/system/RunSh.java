package dev.tccledger.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One ./run.sh command line, run the way a person or a supervisor runs it: through bash,
 * with no terminal, as the leader of a process group of its own (as a terminal makes it),
 * its output in a file. Knows the processes run.sh started, so that a test can prove that
 * a signal to run.sh leaves none of them behind.
 */
final class RunSh implements AutoCloseable {

	static final Duration UP_WITHIN = Duration.ofMinutes(6);

	/** What run.sh prints once its part is up and it only waits for a signal. */
	private static final String UP = "Press Ctrl-C to stop.";

	final Path output;

	private final Process process;

	/** Every process run.sh had started when it reported itself up. */
	private List<ProcessHandle> started = List.of();

	private RunSh(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts {@code commandLine} in the repository's root with {@code env} on top of this
	 * JVM's environment, minus run.sh's own variables, which the line must set itself.
	 */
	static RunSh start(String commandLine, Map<String, String> env, Path output) throws IOException {
		// setsid (not a group leader here: Java never makes one) and env exec in place,
		// and bash -c execs the single command: the Process is run.sh itself, leader of
		// its group.
		// env --default-signal=INT: as in a terminal, where Ctrl-C reaches run.sh. A JVM
		// started from a background job (a CI script's "&") has SIGINT ignored; its
		// children inherit that, and bash cannot trap a signal ignored at its start, so
		// run.sh would never see the Ctrl-C the test sends
		ProcessBuilder builder = new ProcessBuilder("setsid", "env", "--default-signal=INT", "bash", "-c", commandLine)
			.directory(repo().toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		for (String own : List.of("AUTH_PORT", "TC_RPC_PORT", "TC_CONSOLE_PORT", "CHANNEL_PORT", "LEDGER_PORT",
				"ORDER_PORT", "RUN_HOME", "RUN_EXIT_AFTER_DEMO")) {
			builder.environment().remove(own);
		}
		// run.sh's 90 s per part is meant for a machine at rest; five builds share this
		// one
		builder.environment().put("HEALTH_TIMEOUT_S", "240");
		builder.environment().putAll(env);
		RunSh run = new RunSh(builder.start(), output);
		Runtime.getRuntime().addShutdownHook(new Thread(run::killAll));
		return run;
	}

	static Path repo() {
		return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
	}

	long pid() {
		return this.process.pid();
	}

	/** The process group run.sh leads (its pid, if setsid did its job). */
	long processGroup() throws IOException {
		return Long.parseLong(stat(this.process.pid())[2]);
	}

	String output() {
		try {
			return Files.exists(this.output) ? Files.readString(this.output) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until run.sh says it is up, then records the processes it started (its
	 * descendants at that moment: the issuer, TC, channel and service JVMs and nothing
	 * else, since run.sh itself only waits).
	 */
	RunSh awaitUp() {
		await("run.sh up: " + this.output).atMost(UP_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"run.sh exited with " + this.process.exitValue() + " before it was up:\n" + output());
			}
			return output().contains(UP);
		});
		this.started = this.process.descendants().filter(RunSh::running).toList();
		return this;
	}

	/** The command lines of the processes run.sh started. */
	List<String> startedCommands() {
		return this.started.stream().map((p) -> String.join(" ", cmdline(p.pid()))).toList();
	}

	/**
	 * The exit status, waiting at most {@code within}; null if run.sh still runs then.
	 */
	Integer awaitExit(Duration within) throws InterruptedException {
		return this.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
	}

	/** Those of the processes run.sh started that still run. */
	List<ProcessHandle> stillRunning() {
		return this.started.stream().filter(RunSh::running).toList();
	}

	void signal(String signal) throws IOException, InterruptedException {
		kill(signal, Long.toString(pid()));
	}

	/** As a terminal delivers Ctrl-C: to every process of the foreground group. */
	void signalGroup(String signal) throws IOException, InterruptedException {
		kill(signal, "-" + processGroup());
	}

	private static void kill(String signal, String target) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-s", signal, "--", target).redirectErrorStream(true).start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -s " + signal + " -- " + target + " failed");
		}
	}

	/**
	 * Alive and not a zombie: a child whose parent has not reaped it yet is gone for
	 * every purpose here (no port, no CPU), and ProcessHandle would still call it alive.
	 */
	static boolean running(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		try {
			return !"Z".equals(stat(process.pid())[0]);
		}
		catch (IOException gone) {
			return false;
		}
	}

	/** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ... */
	private static String[] stat(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
	}

	private static List<String> cmdline(long pid) {
		try {
			return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
		}
		catch (IOException gone) {
			return List.of();
		}
	}

	/** Whatever the test's outcome, nothing it started outlives it. */
	private void killAll() {
		this.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
		this.started.forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			this.process.waitFor(20, TimeUnit.SECONDS);
		}
		killAll();
	}

}
