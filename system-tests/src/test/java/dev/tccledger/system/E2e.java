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
 * class, started before its first scenario and closed after its last; after each
 * scenario, whatever died is started again (if asked), every armed fault is cleared,
 * recovery is awaited (if asked) and the auditor checks I1-I6. Each process's log, the
 * TC's logs and store, and {@code scenarios.log} (when each scenario began and ended, and
 * how) stay under {@code target/e2e/<class>/}.
 */
final class E2e implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
		TestExecutionExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(E2e.class);

	private final TestSystem.Options options;

	private final Duration settleWithin;

	private final boolean restartWhatDied;

	private TestSystem system;

	private Ledger ledger;

	/** How to replay the running scenario's random choices, if it made any. */
	private volatile String replay;

	private E2e(TestSystem.Options options, Duration settleWithin, boolean restartWhatDied) {
		this.options = options;
		this.settleWithin = settleWithin;
		this.restartWhatDied = restartWhatDied;
	}

	/**
	 * A system started with these options; the auditor runs right after each scenario.
	 */
	static E2e system(TestSystem.Options options) {
		return new E2e(options, null, false);
	}

	/**
	 * After each scenario, first wait (running both sentinels on demand) until no freeze
	 * is TRIED and no order PENDING.
	 */
	E2e settledWithin(Duration window) {
		return new E2e(this.options, window, this.restartWhatDied);
	}

	/** After each scenario, first start again whatever a scenario killed or halted. */
	E2e restartingWhatDied() {
		return new E2e(this.options, this.settleWithin, true);
	}

	TestSystem system() {
		return this.system;
	}

	Ledger ledger() {
		return this.ledger;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.system = TestSystem.start(this.options);
		this.ledger = new Ledger(this.system);
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
				Http.delete(this.system.ledger("/api/v1/faults")).expect(204);
				Http.delete(this.system.orders("/api/v1/faults")).expect(204);
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
		if (this.system != null) {
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
