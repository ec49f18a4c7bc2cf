package dev.tccledger.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * What a TC killed under load must keep, checked against what the clients were told:
 * every order answered {@code 201 PAID} before the kill is still PAID with its freezes
 * CONFIRMED for its amount, and every freeze of the load, in particular those TRIED when
 * the TC died, ends CONFIRMED or CANCELLED by the TC ({@code settled_by = 'TC'}). The
 * ledger's sentinel must be held off (its grace far past the test), so that only the TC's
 * store can bring that money home. The order sentinel may run: it settles orders whose
 * own branch was never registered and moves no money; how many it settled is reported.
 */
final class Durability {

	private static final Logger log = LoggerFactory.getLogger(Durability.class);

	/**
	 * @param paidBeforeKill orders answered 201 PAID before the kill
	 * @param triedAtKill freezes of the load TRIED while the TC was down
	 * @param settledByOrderSentinel orders of the load the order sentinel settled
	 */
	record Report(int paidBeforeKill, int triedAtKill, int settledByOrderSentinel) {
	}

	private final TestSystem system;

	private final Recovery.Load load;

	private final List<String> paidBeforeKill;

	private final List<String> triedAtKill;

	private Durability(TestSystem system, Recovery.Load load, List<String> paidBeforeKill, List<String> triedAtKill) {
		this.system = system;
		this.load = load;
		this.paidBeforeKill = paidBeforeKill;
		this.triedAtKill = triedAtKill;
	}

	/** Orders answered 201 PAID before the TC is killed, and again after its restart. */
	static final int PAID_BEFORE_KILL = 30;

	/** Transactions held before their global commit when the TC is killed. */
	static final int HELD = 2;

	/** What to do while the TC is down (say, wipe its store or look into it). */
	interface WhileDown {

		void run(Durability killed) throws Exception;

	}

	/**
	 * Four clients paying (the system needs the faults profile); once
	 * {@link #PAID_BEFORE_KILL} were answered 201 PAID, {@link #HELD} more are held
	 * before their global commit and the TC is SIGKILLed while they wait; after
	 * {@code whileDown} and 1.5 s of outage it is started again on its store, and
	 * {@link #PAID_BEFORE_KILL} more orders must be answered 201 PAID before the load
	 * stops.
	 */
	static Durability killTcUnderLoad(TestSystem system, String prefix, WhileDown whileDown) throws Exception {
		Ledger ledger = new Ledger(system);
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 1_000_000));
		}
		String shop = ledger.merchant("CNY");
		String orders = system.orders("");
		Durability killed;
		try (Recovery.Load load = new Recovery.Load(ledger, payers, shop, 4, prefix)) {
			await("orders paid").atMost(Duration.ofSeconds(60)).until(() -> load.paidSince(0) >= PAID_BEFORE_KILL);
			Faults.arm(system, orders, "ORDER_BEFORE_GLOBAL_COMMIT", "DELAY", HELD, 2_500);
			await("orders held before their commit").atMost(Duration.ofSeconds(60))
				.until(() -> Faults.fired(system, orders, "ORDER_BEFORE_GLOBAL_COMMIT") == HELD);
			killed = killTc(system, load);
			try {
				whileDown.run(killed);
				// the outage the clients see
				Thread.sleep(1_500);
			}
			finally {
				// also when whileDown failed: the scenario still ends settled and audited
				system.startTc();
			}
			long restarted = System.nanoTime();
			await("payments flow again").atMost(Duration.ofSeconds(60))
				.until(() -> load.paidSince(restarted) >= PAID_BEFORE_KILL);
		}
		return killed;
	}

	/**
	 * SIGKILLs the TC under the load, after noting which orders were answered PAID and
	 * which freezes are TRIED with no TC to settle them.
	 */
	private static Durability killTc(TestSystem system, Recovery.Load load) throws Exception {
		long killedAt = System.nanoTime();
		system.killTc();
		List<String> paid = load.paidBefore(killedAt);
		List<String> tried = Recovery.rows(system.ledgerDb(),
				"SELECT freeze_id FROM freeze WHERE status = 'TRIED'" + " AND order_no LIKE '" + load.prefix + "-%'");
		log.info("TC killed: {} orders answered 201 PAID before, {} freezes TRIED", paid.size(), tried.size());
		return new Durability(system, load, paid, tried);
	}

	/**
	 * Fails, saying what was lost, unless the TC (restarted) kept every answer and
	 * settled every freeze of the load within {@code window}; the load must be stopped.
	 */
	Report verify(Duration window) throws Exception {
		String load = "'" + this.load.prefix + "-%'";
		List<String> lost = new ArrayList<>();
		try (Connection orders = this.system.orderDb(); Connection ledger = this.system.ledgerDb()) {
			for (String orderNo : this.paidBeforeKill) {
				List<String> recorded = Auditor.rows(orders,
						"SELECT status, amount FROM orders WHERE order_no = '" + orderNo + "'");
				List<String> freezes = Auditor.rows(ledger,
						"SELECT status, COALESCE(SUM(amount), 0) FROM freeze WHERE order_no = '" + orderNo
								+ "' AND status <> 'DUPLICATE' GROUP BY status");
				String amount = recorded.isEmpty() ? "?" : recorded.get(0).split(" \\| ")[1];
				if (!recorded.equals(List.of("PAID | " + amount))
						|| !freezes.equals(List.of("CONFIRMED | " + amount))) {
					lost.add(orderNo + " answered 201 PAID, now " + recorded + " with freezes " + freezes);
				}
			}
		}
		AtomicLong bySentinel = new AtomicLong();
		try {
			await("the TC settles every freeze of the load").atMost(window)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					bySentinel.addAndGet(Http.post(this.system.orders("/api/v1/recovery/sweeps"), "",
							this.system.token(Tokens.Client.FINANCE_OPERATOR))
						.expect(200)
						.number("settled"));
					return Recovery.count(this.system.ledgerDb(),
							"SELECT COUNT(*) FROM freeze WHERE status = 'TRIED' AND order_no LIKE " + load) == 0
							&& Recovery.count(this.system.orderDb(),
									"SELECT COUNT(*) FROM orders WHERE status = 'PENDING' AND order_no LIKE "
											+ load) == 0;
				});
		}
		catch (ConditionTimeoutException notSettled) {
			lost.add("after " + window + " still TRIED: "
					+ Recovery.rows(this.system.ledgerDb(),
							"SELECT freeze_id, xid, order_no FROM freeze WHERE status = 'TRIED' AND order_no LIKE "
									+ load)
					+ "; still PENDING: " + Recovery.rows(this.system.orderDb(),
							"SELECT order_no, xid FROM orders WHERE status = 'PENDING' AND order_no LIKE " + load));
		}
		List<String> notByTc = Recovery.rows(this.system.ledgerDb(),
				"SELECT freeze_id, status, settled_by FROM freeze WHERE order_no LIKE " + load
						+ " AND status IN ('CONFIRMED', 'CANCELLED') AND (settled_by IS NULL OR settled_by <> 'TC')");
		if (!notByTc.isEmpty()) {
			lost.add("settled by something other than the TC: " + notByTc);
		}
		if (!lost.isEmpty()) {
			throw new AssertionError("the TC lost what it had acknowledged (" + this.paidBeforeKill.size()
					+ " orders answered PAID before the kill, " + this.triedAtKill.size() + " freezes TRIED): " + lost);
		}
		Report report = new Report(this.paidBeforeKill.size(), this.triedAtKill.size(), (int) bySentinel.get());
		log.info("durability: {}", report);
		return report;
	}

	/** The ids of the freezes of the load TRIED while the TC was down. */
	List<String> triedAtKill() {
		return this.triedAtKill;
	}

	/** The global transactions those freezes belong to. */
	List<String> xidsTriedAtKill() throws Exception {
		if (this.triedAtKill.isEmpty()) {
			return List.of();
		}
		return Recovery.rows(this.system.ledgerDb(),
				"SELECT DISTINCT xid FROM freeze WHERE freeze_id IN (" + String.join(",", this.triedAtKill) + ")");
	}

}
