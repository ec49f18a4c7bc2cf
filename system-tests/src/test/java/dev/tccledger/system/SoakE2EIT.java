package dev.tccledger.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak: 8 clients paying for {@code soak.seconds} (30 in CI; 120 documented in the
 * README) while a seeded random schedule arms faults, kills processes with SIGKILL and
 * freezes them with SIGSTOP/SIGCONT. At the end every order is final and the books
 * balance. The seed is logged; {@code -Dsoak.seed=N} replays a schedule.
 */
class SoakE2EIT {

	private static final Logger log = LoggerFactory.getLogger(SoakE2EIT.class);

	static final String[][] LEDGER_FAULTS = { { "LEDGER_CONFIRM_BEFORE_COMMIT", "FAIL" },
			{ "LEDGER_CANCEL_BEFORE_COMMIT", "FAIL" }, { "LEDGER_TRY_BEFORE_WRITE", "DELAY" },
			{ "LEDGER_TRY_AFTER_COMMIT", "HALT" }, { "LEDGER_CONFIRM_AFTER_COMMIT", "HALT" },
			{ "LEDGER_CANCEL_AFTER_COMMIT", "HALT" } };

	static final String[][] ORDER_FAULTS = { { "ORDER_AFTER_LEDGER_TRY", "FAIL" },
			{ "ORDER_BEFORE_GLOBAL_COMMIT", "DELAY" }, { "ORDER_BEFORE_GLOBAL_COMMIT", "HALT" },
			{ "ORDER_CONFIRM_BEFORE_COMMIT", "FAIL" }, { "ORDER_CANCEL_BEFORE_COMMIT", "FAIL" } };

	static final String[] PARTS = { "tc", "ledger", "order" };

	/**
	 * Orders answered 201 PAID after each action, once the system is back, before the
	 * next.
	 */
	static final int PAID_PER_PHASE = 5;

	@RegisterExtension
	static final E2e e2e = E2e
		.system(TestSystem.Options.named("SoakE2EIT")
			.withFaults()
			.globalTimeoutMs(3_000)
			.args(List.of("--ledger.sentinel.grace-ms=5000", "--ledger.sentinel.period-ms=600000"),
					List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000")))
		.restartingWhatDied()
		.settledWithin(Duration.ofSeconds(180));

	static TestSystem system;

	static Ledger ledger;

	/** Actions taken, and arms that found their service gone (a HALT fired meanwhile). */
	static final List<String> applied = new ArrayList<>();

	static final List<String> skipped = new ArrayList<>();

	@BeforeAll
	static void fixtures() {
		system = e2e.system();
		ledger = e2e.ledger();
	}

	@Test
	void underARandomScheduleOfFaultsAndKillsEveryOrderEndsFinalAndTheBooksBalance() throws Exception {
		int seconds = Integer.getInteger("soak.seconds", 30);
		long seed = Long.getLong("soak.seed", System.nanoTime());
		log.info("soak for {} s with seed {} (replay: -Dsoak.seed={} -Dsoak.seconds={})", seconds, seed, seed, seconds);
		e2e.replayWith("-Dsoak.seed=" + seed + " -Dsoak.seconds=" + seconds);
		Random random = new Random(seed);
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 5_000_000));
		}
		String shop = ledger.merchant("CNY");
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		int phases = 0;
		try (Recovery.Load load = new Recovery.Load(ledger, payers, shop, 8, "soak")) {
			while (System.nanoTime() < deadline) {
				Thread.sleep(1_500 + random.nextInt(2_500));
				act(random);
				long back = System.nanoTime();
				await("phase " + phases + ": " + PAID_PER_PHASE + " orders paid after "
						+ applied.get(applied.size() - 1))
					.atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> {
						restartWhatDied();
						return load.paidSince(back) >= PAID_PER_PHASE;
					});
				phases++;
			}
		}
		log.info("soak: {} phases, each with >= {} orders paid; applied {}; not applied, the service had died: {}",
				phases, PAID_PER_PHASE, applied, skipped);
		assertThat(phases).as("phases run").isPositive();
		// A HALT armed last may still fire while the system comes back: disarm, then
		// restart until all three stay up.
		for (int attempt = 1;; attempt++) {
			disarm();
			try {
				restartWhatDied();
				system.ensureUp();
				disarm();
				break;
			}
			catch (IllegalStateException diedWhileStarting) {
				if (attempt == 5) {
					throw diedWhileStarting;
				}
				log.info("soak: a process died while the system came back ({}), again", diedWhileStarting.getMessage());
			}
		}
		// then E2e: every order final, the books audited
	}

	private static void act(Random random) throws Exception {
		switch (random.nextInt(4)) {
			case 0 -> {
				String[] fault = LEDGER_FAULTS[random.nextInt(LEDGER_FAULTS.length)];
				arm("ledger", system.ledger(""), fault, random);
			}
			case 1 -> {
				String[] fault = ORDER_FAULTS[random.nextInt(ORDER_FAULTS.length)];
				arm("order", system.orders(""), fault, random);
			}
			case 2 -> {
				String part = PARTS[random.nextInt(PARTS.length)];
				log.info("soak: SIGKILL {}", part);
				switch (part) {
					case "tc" -> system.killTc();
					case "ledger" -> system.killLedger();
					default -> system.killOrder();
				}
				assertThat(system.exitCode(part)).as("exit of " + part + " after SIGKILL").isEqualTo(Faults.HALTED);
				applied.add("SIGKILL " + part);
				Thread.sleep(500 + random.nextInt(1_500));
			}
			default -> {
				String part = PARTS[random.nextInt(PARTS.length)];
				long pid = system.pid(part);
				long pauseMs = 1_000 + random.nextInt(2_000);
				log.info("soak: SIGSTOP {} for {} ms", part, pauseMs);
				signal("STOP", part, pid);
				try {
					Thread.sleep(pauseMs);
				}
				finally {
					signal("CONT", part, pid);
				}
				applied.add("SIGSTOP " + part + " " + pauseMs + " ms");
			}
		}
	}

	private static void arm(String part, String base, String[] fault, Random random) {
		int times = fault[1].equals("FAIL") ? 1 + random.nextInt(3) : 1;
		long delayMs = fault[1].equals("DELAY") ? 500 + random.nextInt(4_000) : 0;
		String what = fault[0] + " " + fault[1] + " x" + times + " " + delayMs + " ms";
		log.info("soak: arm {}", what);
		try {
			Faults.arm(system, base, fault[0], fault[1], times, delayMs);
			applied.add(what);
		}
		catch (RuntimeException down) {
			// only a HALT armed earlier that fired since the last phase may have taken
			// the service away; anything else is a fault not applied
			assertThat(part.equals("ledger") ? system.ledgerAlive() : system.orderAlive())
				.as("arming " + what + " failed on a running service: " + down)
				.isFalse();
			skipped.add(what);
		}
	}

	private static void disarm() {
		for (String base : new String[] { system.ledger(""), system.orders("") }) {
			try {
				Faults.clear(system, base);
			}
			catch (RuntimeException down) {
				// nothing armed in a process that is down; a restarted one starts clean
			}
		}
	}

	private static void restartWhatDied() {
		if (!system.tcAlive() || !system.ledgerAlive() || !system.orderAlive()) {
			log.info("soak: restarting (tc {}, ledger {}, order {})", system.tcAlive(), system.ledgerAlive(),
					system.orderAlive());
			try {
				system.ensureUp();
			}
			catch (IllegalStateException diedAgain) {
				log.info("soak: {} (restarted on the next try)", diedAgain.getMessage());
			}
		}
	}

	/**
	 * kill -STOP / -CONT; a failure counts unless the process had died of a HALT
	 * meanwhile.
	 */
	private static void signal(String signal, String part, long pid) throws Exception {
		int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
		if (exit != 0) {
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
				.as("kill -" + signal + " " + part + " exited " + exit)
				.isFalse();
		}
	}

}
