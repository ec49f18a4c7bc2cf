package dev.tccledger.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup and teardown every end-to-end class shares, registered as a static field
 * ({@code @RegisterExtension static final E2e e2e = E2e.system(...)}): one system per
 * class, started before its first scenario and closed after its last (or, with
 * {@link #shared}, one system for every class asking for the same options, closed when
 * the test run ends); after each scenario, whatever died is started again (if asked),
 * every armed fault is cleared, recovery is awaited (if asked) and the auditor checks
 * I1-I6. Each process's log, the TC's logs and store, and {@code scenarios.log} (when
 * each scenario began and ended, and how) stay under {@code target/e2e/<class>/}.
 */
final class E2e implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
		TestExecutionExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(E2e.class);

	private final TestSystem.Options options;

	private final Duration settleWithin;

	private final boolean restartWhatDied;

	private final boolean shared;

	private TestSystem system;

	private Ledger ledger;

	/** How to replay the running scenario's random choices, if it made any. */
	private volatile String replay;

	private E2e(TestSystem.Options options, Duration settleWithin, boolean restartWhatDied, boolean shared) {
		this.options = options;
		this.settleWithin = settleWithin;
		this.restartWhatDied = restartWhatDied;
		this.shared = shared;
	}

	/**
	 * A system started with these options; the auditor runs right after each scenario.
	 */
	static E2e system(TestSystem.Options options) {
		return new E2e(options, null, false, false);
	}

	/**
	 * Like {@link #system}, but the first class to ask starts it and every later class
	 * asking for the same options (by name) runs on it too: one start fewer in the
	 * suite's time, for classes whose scenarios leave the system as they found it. It
	 * stops when the whole test run ends.
	 */
	static E2e shared(TestSystem.Options options) {
		return new E2e(options, null, false, true);
	}

	/**
	 * After each scenario, first wait (running both sentinels on demand) until no freeze
	 * is TRIED and no order PENDING.
	 */
	E2e settledWithin(Duration window) {
		return new E2e(this.options, window, this.restartWhatDied, this.shared);
	}

	/** After each scenario, first start again whatever a scenario killed or halted. */
	E2e restartingWhatDied() {
		return new E2e(this.options, this.settleWithin, true, this.shared);
	}

	TestSystem system() {
		return this.system;
	}

	Ledger ledger() {
		return this.ledger;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.shared) {
			Shared started = context.getRoot()
				.getStore(ExtensionContext.Namespace.create(E2e.class))
				.getOrComputeIfAbsent(this.options.name(), (name) -> new Shared(this.options), Shared.class);
			if (!started.options().equals(this.options)) {
				throw new IllegalStateException("the shared system " + this.options.name()
						+ " was started with other options: " + started.options());
			}
			this.system = started.system();
			// a class sharing it starts from a system that is whole again
			this.system.ensureUp();
		}
		else {
			this.system = TestSystem.start(this.options);
		}
		this.ledger = new Ledger(this.system);
	}

	/** A system several classes run on, closed by JUnit when the run ends. */
	private record Shared(TestSystem.Options options,
			TestSystem system) implements ExtensionContext.Store.CloseableResource {

		Shared(TestSystem.Options options) {
			this(options, TestSystem.start(options));
		}

		@Override
		public void close() {
			this.system.close();
		}

	}

	/**
	 * A randomized scenario registers how to replay it (say {@code -Dsoak.seed=42}):
	 * every failure of that scenario, the audit after it included, then says so.
	 */
	void replayWith(String properties) {
		this.replay = properties;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.replay = null;
		record(context, "start");
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withReplay(failure);
	}

	private Throwable withReplay(Throwable failure) {
		return (this.replay != null) ? new AssertionError("replay with " + this.replay + ": " + failure, failure)
				: failure;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		boolean audited = false;
		try {
			if (this.restartWhatDied) {
				this.system.ensureUp();
			}
			if (this.options.faults()) {
				Faults.clear(this.system, this.system.ledger("")).expect(204);
				Faults.clear(this.system, this.system.orders("")).expect(204);
			}
			if (this.settleWithin != null) {
				Recovery.awaitSettled(this.system, this.settleWithin);
			}
			Auditor.audit(this.system);
			audited = true;
		}
		catch (Exception | AssertionError failure) {
			if (this.replay != null) {
				throw (AssertionError) withReplay(failure);
			}
			throw failure;
		}
		finally {
			String outcome = context.getExecutionException()
				.map((failure) -> "failed: " + failure)
				.orElse(audited ? "passed, audited" : "passed, audit failed");
			record(context, "end, " + outcome);
			if (context.getExecutionException().isPresent() || !audited) {
				log.error("scenario {} {}; logs in {}", context.getDisplayName(), outcome, this.system.dir);
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.system != null && !this.shared) {
			this.system.close();
		}
	}

	/**
	 * One line per scenario boundary, to find a scenario's stretch in the processes'
	 * logs.
	 */
	private void record(ExtensionContext context, String what) {
		String line = Instant.now() + " " + context.getRequiredTestMethod().getName() + " " + what
				+ System.lineSeparator();
		try {
			Files.writeString(this.system.dir.resolve("scenarios.log"), line, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			log.warn("could not write {}: {}", this.system.dir.resolve("scenarios.log"), ex.toString());
		}
	}

}
