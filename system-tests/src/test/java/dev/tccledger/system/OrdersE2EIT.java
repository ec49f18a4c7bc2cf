package dev.tccledger.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders paid through a real Seata global transaction: the released TC and both services
 * as processes on MariaDB, with the faults profile. The auditor checks I1-I6 after each
 * scenario.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrdersE2EIT {

	private static final Logger log = LoggerFactory.getLogger(OrdersE2EIT.class);

	@RegisterExtension
	static final E2e e2e = E2e.system(TestSystem.Options.named("OrdersE2EIT").withFaults());

	static TestSystem system;

	static Ledger ledger;

	@BeforeAll
	static void fixtures() {
		system = e2e.system();
		ledger = e2e.ledger();
	}

	@Test
	@Order(1)
	void aPaidOrderMovesTheMoneyToThePayee() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		String orderNo = Ledger.unique("paid");
		Http.Response paid = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
		assertThat(paid.text("status")).isEqualTo("PAID");
		assertThat(paid.number("amount")).isEqualTo(2_500);
		assertThat(paid.body().path("legs").get(0).path("freezeId").asLong()).isPositive();
		assertThat(ledger.available(alice)).isEqualTo(7_500);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(ledger.available(shop)).isEqualTo(2_500);
		assertThat(ledger.recordedOrder(orderNo).text("status")).isEqualTo("PAID");
	}

	@Test
	@Order(2)
	void aSplitPaymentWhoseSecondLegLacksFundsReleasesTheFirstLeg() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String bob = ledger.customerWithAvailable("CNY", 1_000);
		String shop = ledger.merchant("CNY");
		String orderNo = Ledger.unique("split");
		Http.Response failed = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500, bob, 5_000));
		assertThat(failed.status()).as(failed.raw()).isEqualTo(422);
		assertThat(failed.contentType()).contains("application/problem+json");
		assertThat(failed.text("status")).isEqualTo("FAILED");
		assertThat(failed.text("code")).isEqualTo("INSUFFICIENT_FUNDS");
		assertThat(failed.text("orderNo")).isEqualTo(orderNo);
		assertThat(ledger.newestFreezeStatus(alice)).isEqualTo("CANCELLED");
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(ledger.available(bob)).isEqualTo(1_000);
		assertThat(ledger.available(shop)).isZero();
		Http.Response recorded = ledger.recordedOrder(orderNo);
		assertThat(recorded.text("status")).isEqualTo("FAILED");
		assertThat(recorded.text("reason")).isEqualTo("INSUFFICIENT_FUNDS");
	}

	@Test
	@Order(3)
	void aFailureAfterTheLedgerTryRollsBack() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		Faults.arm(system, system.orders(""), "ORDER_AFTER_LEDGER_TRY", "FAIL", 1, 0);
		Http.Response failed = ledger.pay(Ledger.order(Ledger.unique("fault"), shop, "CNY", alice, 2_500));
		assertThat(failed.status()).as(failed.raw()).isEqualTo(500);
		assertThat(failed.text("status")).isEqualTo("FAILED");
		assertThat(ledger.newestFreezeStatus(alice)).isEqualTo("CANCELLED");
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.available(shop)).isZero();
		Faults.assertFired(system, system.orders(""), "ORDER_AFTER_LEDGER_TRY", 1);
	}

	@Test
	@Order(4)
	void anUnknownAccountAndACurrencyMismatchAreRefusedAndRolledBack() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		String dollars = ledger.customerWithAvailable("USD", 10_000);

		Http.Response unknown = ledger.pay(Ledger.order(Ledger.unique("o"), shop, "CNY", "nobody-here", 100));
		assertThat(unknown.status()).as(unknown.raw()).isEqualTo(422);
		assertThat(unknown.text("code")).isEqualTo("ACCOUNT_NOT_FOUND");
		assertThat(unknown.text("status")).isEqualTo("FAILED");

		Http.Response mismatch = ledger.pay(Ledger.order(Ledger.unique("o"), shop, "CNY", dollars, 100));
		assertThat(mismatch.status()).as(mismatch.raw()).isEqualTo(422);
		assertThat(mismatch.text("code")).isEqualTo("CURRENCY_MISMATCH");

		Http.Response wrongOrderCurrency = ledger.pay(Ledger.order(Ledger.unique("o"), shop, "USD", alice, 100));
		assertThat(wrongOrderCurrency.status()).as(wrongOrderCurrency.raw()).isEqualTo(422);
		assertThat(wrongOrderCurrency.text("code")).isEqualTo("CURRENCY_MISMATCH");
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.available(dollars)).isEqualTo(10_000);
	}

	@Test
	@Order(5)
	void theSameRequestAgainGivesTheSameAnswerAndAnotherBodyIsAConflict() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		Map<String, Object> order = Ledger.order(Ledger.unique("replay"), shop, "CNY", alice, 2_500);
		Http.Response first = ledger.pay(order);
		Http.Response again = ledger.pay(order);
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.text("xid")).isEqualTo(first.text("xid"));
		assertThat(again.text("status")).isEqualTo("PAID");
		assertThat(ledger.available(alice)).isEqualTo(7_500);

		Map<String, Object> refused = Ledger.order(Ledger.unique("replay"), shop, "CNY", alice, 99_999);
		Http.Response no = ledger.pay(refused);
		Http.Response noAgain = ledger.pay(refused);
		assertThat(no.status()).isEqualTo(422);
		assertThat(noAgain.status()).isEqualTo(422);
		assertThat(noAgain.text("code")).isEqualTo(no.text("code"));
		assertThat(noAgain.text("xid")).isEqualTo(no.text("xid"));

		Http.Response conflict = ledger.pay(Ledger.order((String) order.get("orderNo"), shop, "CNY", alice, 2_501));
		assertThat(conflict.status()).as(conflict.raw()).isEqualTo(409);
		assertThat(conflict.text("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
		assertThat(ledger.available(alice)).isEqualTo(7_500);
	}

	@Test
	@Order(6)
	void badInputIsRefusedAndNothingIsRecorded() {
		String orderNo = Ledger.unique("bad");
		String shopToken = ledger.shop();
		Http.Response bad = Http.post(system.orders("/api/v1/orders"),
				Map.of("orderNo", orderNo, "payeeAccountId", "shop", "currency", "CNY", "legs", List.of()), shopToken);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.text("code")).isEqualTo("VALIDATION_FAILED");
		assertThat(Http.get(system.orders("/api/v1/orders/" + orderNo), shopToken).status()).isEqualTo(404);
		Http.Response fractional = Http.post(system.orders("/api/v1/orders"), "{\"orderNo\":\"" + orderNo
				+ "\",\"payeeAccountId\":\"shop\",\"currency\":\"CNY\",\"legs\":[{\"accountId\":\"a\",\"amount\":1.5}]}",
				shopToken);
		assertThat(fractional.status()).isEqualTo(400);
		assertThat(Http.get(system.orders("/api/v1/orders/" + orderNo), shopToken).status()).isEqualTo(404);
	}

	@Test
	@Order(7)
	void eightClientsPayingTwoHundredOrdersEachKeepTheBooksBalanced() throws Exception {
		long seed = Long.getLong("e2e.seed", System.nanoTime());
		log.info("concurrent orders, seed {}", seed);
		e2e.replayWith("-De2e.seed=" + seed);
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 200_000));
		}
		List<String> payees = List.of(ledger.merchant("CNY"), ledger.merchant("CNY"));
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Future<List<Integer>>> results = new ArrayList<>();
		for (int c = 0; c < 8; c++) {
			Random random = new Random(seed + c);
			int client = c;
			results.add(clients.submit(() -> {
				List<Integer> statuses = new ArrayList<>();
				for (int n = 0; n < 200; n++) {
					String payer = payers.get(random.nextInt(payers.size()));
					String payee = payees.get(random.nextInt(payees.size()));
					long amount = 1 + random.nextInt(3_000);
					Http.Response r = ledger
						.pay(Ledger.order("load-" + seed + "-" + client + "-" + n, payee, "CNY", payer, amount));
					statuses.add(r.status());
				}
				return statuses;
			}));
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<List<Integer>> f : results) {
			statuses.addAll(f.get(10, TimeUnit.MINUTES));
		}
		clients.shutdown();
		assertThat(statuses).hasSize(1_600);
		assertThat(statuses).as("201 paid or 422 refused for lack of funds").allMatch((s) -> s == 201 || s == 422);

		long paidAmount;
		long pending;
		try (Connection orders = system.orderDb();
				PreparedStatement q = orders.prepareStatement(
						"SELECT COALESCE(SUM(CASE WHEN status = 'PAID' THEN amount END), 0), SUM(status = 'PENDING') FROM orders WHERE order_no LIKE ?")) {
			q.setString(1, "load-" + seed + "-%");
			try (ResultSet rs = q.executeQuery()) {
				rs.next();
				paidAmount = rs.getLong(1);
				pending = rs.getLong(2);
			}
		}
		long confirmed;
		try (Connection ledgerDb = system.ledgerDb();
				PreparedStatement q = ledgerDb.prepareStatement(
						"SELECT COALESCE(SUM(amount), 0) FROM freeze WHERE status = 'CONFIRMED' AND order_no LIKE ?")) {
			q.setString(1, "load-" + seed + "-%");
			try (ResultSet rs = q.executeQuery()) {
				rs.next();
				confirmed = rs.getLong(1);
			}
		}
		long credited = payees.stream().mapToLong(ledger::available).sum();
		log.info("paid {} in {} orders; {} refused", paidAmount, statuses.stream().filter((s) -> s == 201).count(),
				statuses.stream().filter((s) -> s == 422).count());
		assertThat(pending).isZero();
		assertThat(confirmed).isEqualTo(paidAmount);
		assertThat(credited).isEqualTo(paidAmount);
	}

	/**
	 * A split order refunded in part, then in full, each refund one global transaction
	 * with a ledger refund branch per paying leg: the money goes back in proportion, the
	 * order reads PARTIALLY_REFUNDED then REFUNDED, a replay answers the same refund, a
	 * refund the shop can no longer cover is refused with nothing moved, and nothing is
	 * left to refund.
	 */
	@Test
	@Order(8)
	void aPaidOrderIsRefundedInPartThenInFull() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String bob = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		String orderNo = Ledger.unique("refunded");
		assertThat(ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_000, bob, 1_000)).status()).isEqualTo(201);
		String orders = system.orders("/api/v1/orders/" + orderNo);
		Map<String, Object> part = Map.of("refundNo", Ledger.unique("rf"), "amount", 1_001, "reason", "damaged");

		Http.Response first = Http.post(orders + "/refunds", part, ledger.shop());
		assertThat(first.status()).as(first.raw()).isEqualTo(201);
		assertThat(first.text("status")).isEqualTo("SUCCEEDED");
		// 1001 x 2/3 = 667.33 and 1001 x 1/3 = 333.67: the floors 667 and 333, the unit
		// left over to the first leg
		assertThat(first.body().path("legs").toString()).contains("\"accountId\":\"" + alice + "\",\"amount\":668")
			.contains("\"accountId\":\"" + bob + "\",\"amount\":333");
		assertThat(ledger.available(alice)).isEqualTo(8_668);
		assertThat(ledger.available(bob)).isEqualTo(9_333);
		assertThat(ledger.available(shop)).isEqualTo(1_999);
		assertThat(ledger.frozen(shop)).isZero();
		Http.Response partly = Http.get(orders, ledger.shop()).expect(200);
		assertThat(partly.text("status")).isEqualTo("PARTIALLY_REFUNDED");
		assertThat(partly.number("refunded")).isEqualTo(1_001);

		Http.Response replay = Http.post(orders + "/refunds", part, ledger.shop());
		assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
		Http.Response otherBody = Http.post(orders + "/refunds",
				Map.of("refundNo", part.get("refundNo"), "amount", 1_000, "reason", "damaged"), ledger.shop());
		assertThat(otherBody.status()).as(otherBody.raw()).isEqualTo(409);
		assertThat(otherBody.text("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
		assertThat(ledger.available(shop)).isEqualTo(1_999);

		Http.Response tooMuch = Http.post(orders + "/refunds",
				Map.of("refundNo", Ledger.unique("rf"), "amount", 2_000, "reason", "more than is left"), ledger.shop());
		assertThat(tooMuch.status()).as(tooMuch.raw()).isEqualTo(422);
		assertThat(tooMuch.text("code")).isEqualTo("REFUND_EXCEEDS_PAID");

		// the shop spends what it was paid: the refund finds too little to hold, is
		// refused, and nothing moves; once the money is back the same refund goes through
		String elsewhere = ledger.customerWithAvailable("CNY", 0);
		transfer(shop, elsewhere, 1_500);
		String refused = Ledger.unique("rf");
		Http.Response spent = Http.post(orders + "/refunds",
				Map.of("refundNo", refused, "amount", 1_999, "reason", "returned"), ledger.shop());
		assertThat(spent.status()).as(spent.raw()).isEqualTo(422);
		assertThat(spent.text("code")).isEqualTo("INSUFFICIENT_FUNDS");
		assertThat(ledger.available(shop)).isEqualTo(499);
		assertThat(ledger.frozen(shop)).isZero();
		assertThat(ledger.available(alice)).isEqualTo(8_668);
		assertThat(ledger.available(bob)).isEqualTo(9_333);
		Http.Response unchanged = Http.get(orders, ledger.shop()).expect(200);
		assertThat(unchanged.text("status")).isEqualTo("PARTIALLY_REFUNDED");
		assertThat(unchanged.number("refunded")).isEqualTo(1_001);
		transfer(elsewhere, shop, 1_500);

		Http.Response rest = Http.post(orders + "/refunds",
				Map.of("refundNo", Ledger.unique("rf"), "amount", 1_999, "reason", "returned"), ledger.shop());
		assertThat(rest.status()).as(rest.raw()).isEqualTo(201);
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.available(bob)).isEqualTo(10_000);
		assertThat(ledger.available(shop)).isZero();
		Http.Response refunded = Http.get(orders, ledger.shop()).expect(200);
		assertThat(refunded.text("status")).isEqualTo("REFUNDED");
		assertThat(refunded.number("refunded")).isEqualTo(3_000);
		// the refused refund is listed with why, for finance
		assertThat(refunded.body().path("refunds")).hasSize(3);
		assertThat(refunded.body().path("refunds").toString()).contains("\"refundNo\":\"" + refused + "\"",
				"\"status\":\"FAILED\",\"failure\":\"INSUFFICIENT_FUNDS\"");

		Http.Response nothingLeft = Http.post(orders + "/refunds",
				Map.of("refundNo", Ledger.unique("rf"), "amount", 1, "reason", "once more"), ledger.shop());
		assertThat(nothingLeft.status()).as(nothingLeft.raw()).isEqualTo(422);
		assertThat(nothingLeft.text("code")).isEqualTo("REFUND_EXCEEDS_PAID");

		String unpaid = Ledger.unique("unpaid");
		assertThat(ledger.pay(Ledger.order(unpaid, shop, "CNY", alice, 20_000)).status()).isEqualTo(422);
		Http.Response notPaid = Http.post(system.orders("/api/v1/orders/" + unpaid + "/refunds"),
				Map.of("refundNo", Ledger.unique("rf"), "amount", 1, "reason", "never paid"), ledger.shop());
		assertThat(notPaid.status()).as(notPaid.raw()).isEqualTo(422);
		assertThat(notPaid.text("code")).isEqualTo("ORDER_NOT_PAID");
	}

	private static void transfer(String from, String to, long amount) {
		Http.Response moved = Http.post(system.ledger("/api/v1/transfers"),
				Map.of("transferId", Ledger.unique("t"), "fromAccountId", from, "toAccountId", to, "amount", amount),
				ledger.shop());
		assertThat(moved.status()).as(moved.raw()).isEqualTo(201);
	}

	@Test
	@Order(9)
	void withTheLedgerStoppedAnOrderFailsWith503AndNothingStaysFrozen() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		system.stopLedger();
		try {
			Http.Response down = ledger.pay(Ledger.order(Ledger.unique("down"), shop, "CNY", alice, 2_500));
			assertThat(down.status()).as(down.raw()).isEqualTo(503);
			assertThat(down.text("status")).isEqualTo("FAILED");
			assertThat(down.text("code")).isEqualTo("LEDGER_UNAVAILABLE");
		}
		finally {
			system.startLedger();
			system.awaitLedgerHealthy();
		}
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(ledger.freezes(alice).body()).isEmpty();
	}

	/**
	 * Each invariant, broken on purpose in a copy of the books these scenarios left, is
	 * reported by the auditor (computing from the databases) and, for I1-I5, by the
	 * reconciliation of a ledger process started on the copy; I6 spans both services, so
	 * only the auditor can see it. The copy is restored between corruptions.
	 */
	@Test
	@Order(10)
	void everyInvariantBrokenInACopyOfTheBooksIsReportedByTheAuditorAndTheLedger() throws Exception {
		String ledgerCopy = system.ledgerDb + "_copy";
		String orderCopy = system.orderDb + "_copy";
		system.copyDatabase(system.ledgerDb, ledgerCopy);
		system.copyDatabase(system.orderDb, orderCopy);
		int port = Ports.free();
		Process copied = null;
		try (Connection ledgerBooks = system.connection(ledgerCopy);
				Connection orderBooks = system.connection(orderCopy)) {
			copied = system.startLedgerOn(ledgerCopy, port);
			String copy = "http://127.0.0.1:" + port;
			assertThat(Auditor.findings(ledgerBooks, orderBooks)).as("the copy as taken").isEmpty();
			String finance = system.token(Tokens.Client.FINANCE_VIEWER);
			assertThat(Auditor.reconciliation(copy, finance)).as("the copy as taken").doesNotContainValue(false);
			for (Corruption corruption : CORRUPTIONS) {
				try (Statement s = (corruption.orderSide() ? orderBooks : ledgerBooks).createStatement()) {
					s.execute("SET SESSION check_constraint_checks = 0");
					for (String sql : corruption.sql()) {
						assertThat(s.executeUpdate(sql)).as(corruption.what() + ": " + sql).isPositive();
					}
				}
				Map<String, List<String>> findings = Auditor.findings(ledgerBooks, orderBooks);
				log.info("{}: the auditor finds {}", corruption.what(), findings);
				assertThat(findings).as(corruption.what()).containsKey(corruption.invariant());
				Map<String, Boolean> reconciliation = Auditor.reconciliation(copy, finance);
				if (Auditor.RECONCILIATION_CHECKS.containsKey(corruption.invariant())) {
					assertThat(reconciliation).as(corruption.what()).containsEntry(corruption.invariant(), false);
				}
				else {
					assertThat(reconciliation).as(corruption.what() + ": nothing the ledger alone can see")
						.doesNotContainValue(false);
				}
				system.refill(system.ledgerDb, ledgerCopy);
				system.refill(system.orderDb, orderCopy);
				assertThat(Auditor.findings(ledgerBooks, orderBooks)).as("restored after " + corruption.what())
					.isEmpty();
			}
		}
		finally {
			TestSystem.stopProcess(copied);
			system.dropDatabase(ledgerCopy);
			system.dropDatabase(orderCopy);
		}
	}

	/** One planted defect: the invariant it breaks and the statements that plant it. */
	record Corruption(String invariant, String what, boolean orderSide, String... sql) {
	}

	static final List<Corruption> CORRUPTIONS = List.of(
			new Corruption("I1", "a customer below zero", false,
					"UPDATE account SET available = -5 WHERE kind = 'CUSTOMER' ORDER BY account_id LIMIT 1"),
			new Corruption("I2", "a released freeze TRIED again without its money frozen", false,
					"UPDATE freeze SET status = 'TRIED' WHERE status = 'CANCELLED' AND amount > 0"
							+ " ORDER BY freeze_id LIMIT 1"),
			new Corruption("I3", "money from nowhere", false,
					"UPDATE account SET available = available + 3 WHERE kind = 'SYSTEM' ORDER BY account_id LIMIT 1"),
			new Corruption("I4", "balances moved without a journal entry (totals still zero)", false,
					"UPDATE account SET available = available + 4 WHERE kind = 'CUSTOMER' ORDER BY account_id LIMIT 1",
					"UPDATE account SET available = available - 4 WHERE kind = 'SYSTEM' ORDER BY account_id LIMIT 1"),
			new Corruption("I5", "a journal transaction that does not sum to zero", false,
					"UPDATE journal_line SET delta = delta + 1 ORDER BY line_id LIMIT 1"),
			new Corruption("I6", "a captured freeze for another amount than its leg (counts still match)", false,
					"UPDATE freeze SET amount = amount + 1 WHERE status = 'CONFIRMED' ORDER BY freeze_id LIMIT 1"),
			new Corruption("I6", "a TRIED freeze of an order that does not exist", false,
					"INSERT INTO freeze (xid, branch_id, order_no, account_id, payee_account_id, amount, currency, status,"
							+ " created_at, updated_at) SELECT 'corrupt', 1, 'no-such-order', account_id, account_id, 0,"
							+ " currency, 'TRIED', NOW(6), NOW(6) FROM account WHERE kind = 'CUSTOMER'"
							+ " ORDER BY account_id LIMIT 1"),
			new Corruption("I6", "an order without legs", true,
					"DELETE FROM order_leg WHERE order_no = (SELECT order_no FROM orders WHERE status = 'FAILED'"
							+ " ORDER BY order_no LIMIT 1)"),
			new Corruption("I6", "an order PAID whose freeze was released", true,
					"UPDATE orders SET status = 'PAID' WHERE status = 'FAILED' ORDER BY order_no LIMIT 1"),
			new Corruption("I6", "a refund FAILED whose ledger branches gave the money back", true,
					"UPDATE refund SET status = 'FAILED' WHERE status = 'SUCCEEDED' ORDER BY refund_no LIMIT 1"),
			new Corruption("I8", "a payment's refund claim unlike its refunds", false,
					"UPDATE freeze SET refund_claimed = refund_claimed - 1 WHERE kind = 'PAYMENT' AND refund_claimed > 0"
							+ " ORDER BY freeze_id LIMIT 1"));

}
