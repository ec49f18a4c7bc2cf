package dev.tccledger.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every anomaly on purpose through the real TC: faults armed at named points, processes
 * killed with SIGKILL and started again, the TC's store wiped. Each scenario ends with
 * the auditor (I1-I6), no freeze left TRIED and no order left PENDING within its recovery
 * window. Short timeouts: global transaction 3 s, ledger read timeout 5 s, TC retries
 * every 0.5 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnomaliesE2EIT {

	private static final Logger log = LoggerFactory.getLogger(AnomaliesE2EIT.class);

	static final Duration RECOVERY = Duration.ofSeconds(60);

	/**
	 * The ledger's sentinel held off for the whole class (grace: an hour), so that what
	 * the TC does is what is seen; the one scenario that needs it restarts the ledger
	 * with {@link #LEDGER_SENTINEL_ON}.
	 */
	static final List<String> LEDGER_SENTINEL_OFF = List.of("--ledger.sentinel.grace-ms=3600000",
			"--ledger.sentinel.period-ms=600000");

	static final List<String> LEDGER_SENTINEL_ON = List.of("--ledger.sentinel.grace-ms=5000",
			"--ledger.sentinel.period-ms=600000");

	@RegisterExtension
	static final E2e e2e = E2e.system(TestSystem.Options.named("AnomaliesE2EIT")
		.withFaults()
		.globalTimeoutMs(3_000)
		.args(LEDGER_SENTINEL_OFF, List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000")))
		.restartingWhatDied()
		.settledWithin(RECOVERY);

	static TestSystem system;

	static Ledger ledger;

	@BeforeAll
	static void fixtures() {
		system = e2e.system();
		ledger = e2e.ledger();
	}

	@Test
	@Order(1)
	void aTryDelayedPastTheGlobalTimeoutMeetsItsCancelFirst() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_TRY_BEFORE_WRITE", "DELAY", 1, 6_000);
		String orderNo = Ledger.unique("late");
		Http.Response answer = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
		assertThat(answer.text("code")).isEqualTo("TIMEOUT");
		assertThat(answer.text("status")).isEqualTo("FAILED");
		String xid = answer.text("xid");
		await().atMost(RECOVERY)
			.until(() -> hasAnomaly("EMPTY_ROLLBACK", xid) && hasAnomaly("SUSPENSION_REJECTED", xid));
		assertFired(system.ledger(""), "LEDGER_TRY_BEFORE_WRITE", 1);
		assertThat(ledger.recordedOrder(orderNo).text("status")).isEqualTo("FAILED");
		assertThat(ledger.recordedOrder(orderNo).text("reason")).isEqualTo("TIMEOUT");
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(ledger.available(shop)).isZero();
	}

	@Test
	@Order(2)
	void aConfirmDeliveredAgainAfterTheLedgerDiedMovesNothingTwice() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_CONFIRM_AFTER_COMMIT", "HALT", 1, 0);
		String orderNo = Ledger.unique("dupconfirm");
		Http.Response answer = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertPending(answer);
		restartLedgerAfterHalt();
		String xid = answer.text("xid");
		await("the TC confirms again").atMost(RECOVERY).until(() -> hasAnomaly("DUPLICATE_CONFIRM", xid));
		await().atMost(RECOVERY).until(() -> "PAID".equals(ledger.recordedOrder(orderNo).text("status")));
		assertThat(ledger.available(alice)).isEqualTo(7_500);
		assertThat(ledger.available(shop)).isEqualTo(2_500);
	}

	@Test
	@Order(3)
	void aConfirmFailingThreeTimesIsRetriedAndCapturesOnce() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_CONFIRM_BEFORE_COMMIT", "FAIL", 3, 0);
		String orderNo = Ledger.unique("retryconfirm");
		Http.Response answer = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertThat(answer.status()).as(answer.raw()).isIn(201, 202);
		await().atMost(RECOVERY).until(() -> "CONFIRMED".equals(ledger.newestFreezeStatus(alice)));
		await().atMost(RECOVERY).until(() -> "PAID".equals(ledger.recordedOrder(orderNo).text("status")));
		assertFired(system.ledger(""), "LEDGER_CONFIRM_BEFORE_COMMIT", 3);
		assertThat(ledger.available(alice)).isEqualTo(7_500);
		assertThat(ledger.available(shop)).isEqualTo(2_500);
	}

	@Test
	@Order(4)
	void aCancelFailingThreeTimesIsRetriedAndReleasesOnce() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String bob = ledger.customerWithAvailable("CNY", 100);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_CANCEL_BEFORE_COMMIT", "FAIL", 3, 0);
		String orderNo = Ledger.unique("retrycancel");
		Http.Response answer = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500, bob, 5_000));
		assertThat(answer.status()).as(answer.raw()).isIn(202, 422);
		await().atMost(RECOVERY).until(() -> "FAILED".equals(ledger.recordedOrder(orderNo).text("status")));
		assertFired(system.ledger(""), "LEDGER_CANCEL_BEFORE_COMMIT", 3);
		// the TC cancels branches in registration order: the ledger's before the order's
		assertThat(ledger.newestFreezeStatus(alice)).isEqualTo("CANCELLED");
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
	}

	@Test
	@Order(5)
	void aCancelDeliveredAgainAfterTheLedgerDiedMovesNothingTwice() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String bob = ledger.customerWithAvailable("CNY", 100);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_CANCEL_AFTER_COMMIT", "HALT", 1, 0);
		String orderNo = Ledger.unique("dupcancel");
		Http.Response answer = payTolerant(Ledger.order(orderNo, shop, "CNY", alice, 2_500, bob, 5_000));
		log.info("duplicate cancel: order answered {}", answer);
		restartLedgerAfterHalt();
		String xid = ledger.recordedOrder(orderNo).text("xid");
		await("the TC cancels again").atMost(RECOVERY).until(() -> hasAnomaly("DUPLICATE_CANCEL", xid));
		await().atMost(RECOVERY).until(() -> "FAILED".equals(ledger.recordedOrder(orderNo).text("status")));
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
	}

	@Test
	@Order(6)
	void orderServiceKilledBeforeTheGlobalCommitEndsFailedAfterRestart() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.orders(""), "ORDER_BEFORE_GLOBAL_COMMIT", "HALT", 1, 0);
		String orderNo = Ledger.unique("ordercrash");
		payTolerant(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertThat(system.exitCode("order")).as("order-service halted at the point").isEqualTo(Faults.HALTED);
		// the TC times the transaction out and cancels the ledger branch while
		// order-service is down
		await("ledger branch cancelled").atMost(RECOVERY)
			.until(() -> "CANCELLED".equals(ledger.newestFreezeStatus(alice)));
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		system.startOrder();
		system.awaitOrderHealthy();
		await("order settled").atMost(RECOVERY)
			.until(() -> "FAILED".equals(ledger.recordedOrder(orderNo).text("status")));
		// the client's retry learns what happened: rolled back, not an internal error
		Http.Response replay = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertThat(replay.status()).as(replay.raw()).isEqualTo(503);
		assertThat(replay.text("code")).as(replay.raw()).isEqualTo("ROLLED_BACK");
		assertThat(ledger.recordedOrder(orderNo).text("reason")).isEqualTo("ROLLED_BACK");
	}

	@Test
	@Order(7)
	void aTryCommittedWhoseAnswerWasLostIsReleased() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_TRY_AFTER_COMMIT", "HALT", 1, 0);
		String orderNo = Ledger.unique("lostanswer");
		Http.Response answer = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertPending(answer);
		restartLedgerAfterHalt();
		await().atMost(RECOVERY).until(() -> "CANCELLED".equals(ledger.newestFreezeStatus(alice)));
		await().atMost(RECOVERY).until(() -> "FAILED".equals(ledger.recordedOrder(orderNo).text("status")));
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
	}

	/**
	 * A refund's ledger branch is a freeze row: its try, held past the global timeout,
	 * finds the TC's cancel already recorded (an empty rollback) and is refused
	 * (suspension); the payee's money never moves.
	 */
	@Test
	@Order(8)
	void aRefundTryDelayedPastTheGlobalTimeoutMeetsItsCancelFirst() {
		Paid order = Paid.of("lateref");
		arm(system.ledger(""), "LEDGER_TRY_BEFORE_WRITE", "DELAY", 1, 6_000);
		String refundNo = Ledger.unique("rf");
		Http.Response answer = order.refund(refundNo, 1_000);
		assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
		assertThat(answer.text("code")).as(answer.raw()).isEqualTo("TIMEOUT");
		JsonNode refund = order.refundOf(refundNo);
		assertThat(refund.path("status").asText()).isEqualTo("FAILED");
		String xid = refund.path("xid").asText();
		await().atMost(RECOVERY)
			.until(() -> hasAnomaly("EMPTY_ROLLBACK", xid) && hasAnomaly("SUSPENSION_REJECTED", xid));
		assertFired(system.ledger(""), "LEDGER_TRY_BEFORE_WRITE", 1);
		order.assertRefunded(0);
	}

	/**
	 * The ledger dies right after committing a refund branch's confirm: the TC confirms
	 * it again once the ledger is back, the ledger records the duplicate and gives the
	 * money back once, and the refund's own confirm raises the order's refunded once.
	 */
	@Test
	@Order(9)
	void aRefundConfirmDeliveredAgainAfterTheLedgerDiedMovesNothingTwice() {
		Paid order = Paid.of("dupconfref");
		arm(system.ledger(""), "LEDGER_CONFIRM_AFTER_COMMIT", "HALT", 1, 0);
		String refundNo = Ledger.unique("rf");
		Http.Response answer = order.refund(refundNo, 1_000);
		assertPending(answer);
		restartLedgerAfterHalt();
		String xid = answer.text("xid");
		await("the TC confirms again").atMost(RECOVERY).until(() -> hasAnomaly("DUPLICATE_CONFIRM", xid));
		await().atMost(RECOVERY).until(() -> "SUCCEEDED".equals(order.refundOf(refundNo).path("status").asText()));
		order.assertRefunded(1_000);
	}

	/**
	 * Order-service killed during two refunds at once: one held after its ledger try,
	 * before its own branch joined (the TC holds no branch of it, so it cannot settle
	 * it), the other killing the process just before its global commit. The TC times both
	 * out and releases their ledger branches; after the restart it cancels the second
	 * refund's branch itself, and the refund sentinel settles the first from the ledger's
	 * record. Both FAILED, nothing given back.
	 */
	@Test
	@Order(10)
	void orderServiceKilledDuringRefundsEndsThemFailedAfterRestart() throws Exception {
		Paid unjoined = Paid.of("unjoinedref");
		Paid uncommitted = Paid.of("uncommittedref");
		arm(system.orders(""), "REFUND_AFTER_LEDGER_TRY", "DELAY", 1, 30_000);
		String held = Ledger.unique("rf");
		CompletableFuture<Void> heldCall = CompletableFuture.runAsync(() -> unjoined.refundTolerant(held, 1_000));
		await("the first refund held after its ledger try").atMost(RECOVERY)
			.until(() -> Faults.fired(system, system.orders(""), "REFUND_AFTER_LEDGER_TRY") == 1);
		arm(system.orders(""), "REFUND_BEFORE_GLOBAL_COMMIT", "HALT", 1, 0);
		String killer = Ledger.unique("rf");
		uncommitted.refundTolerant(killer, 1_000);
		assertThat(system.exitCode("order")).as("order-service halted at the point").isEqualTo(Faults.HALTED);
		heldCall.get(RECOVERY.toSeconds(), TimeUnit.SECONDS);
		await("the TC releases both refunds' ledger branches").atMost(RECOVERY)
			.until(() -> unjoined.refundFreezes().equals(List.of("CANCELLED"))
					&& uncommitted.refundFreezes().equals(List.of("CANCELLED")));
		system.startOrder();
		system.awaitOrderHealthy();
		await("the TC cancels the joined refund's branch").atMost(RECOVERY)
			.until(() -> "FAILED".equals(uncommitted.refundOf(killer).path("status").asText()));
		// the TC holds no branch of the first refund: only the sentinel settles it
		JsonNode pending = unjoined.refundOf(held);
		assertThat(pending.path("status").asText()).as(pending.toString()).isEqualTo("PENDING");
		assertThat(pending.path("xid").asText()).as(pending.toString()).isNotBlank();
		Http.Response sweep = Http
			.post(system.orders("/api/v1/recovery/sweeps"), "", system.token(Tokens.Client.FINANCE_OPERATOR))
			.expect(200);
		assertThat(sweep.number("refundsSettled")).as(sweep.raw()).isEqualTo(1);
		JsonNode settled = unjoined.refundOf(held);
		assertThat(settled.path("status").asText()).as(settled.toString()).isEqualTo("FAILED");
		assertThat(settled.path("failure").asText()).as(settled.toString()).isEqualTo("ROLLED_BACK");
		unjoined.assertRefunded(0);
		uncommitted.assertRefunded(0);
	}

	/**
	 * The TC SIGKILLed under load and restarted on its file store: nothing it
	 * acknowledged is lost, and it alone (the ledger's sentinel is held off) settles
	 * every freeze left TRIED, two of them held on purpose just before the global commit.
	 */
	@Test
	@Order(11)
	void theTcKilledUnderLoadAndRestartedOnItsStoreKeepsWhatItAcknowledged() throws Exception {
		Durability.Report report = Durability.killTcUnderLoad(system, "tcload", (killed) -> {
		}).verify(SETTLE_BY_TC);
		assertThat(report.paidBeforeKill()).as(report.toString()).isGreaterThanOrEqualTo(Durability.PAID_BEFORE_KILL);
		assertThat(report.triedAtKill()).as(report.toString()).isGreaterThanOrEqualTo(Durability.HELD);
	}

	/**
	 * The negative control of the scenario above: the same check against a TC whose store
	 * was wiped while it was down must report the loss. Then the ledger's sentinel
	 * (switched on by a restart) releases what the TC forgot, and the order sentinel
	 * fails those orders from the ledger's record. Runs last: it leaves the ledger's
	 * sentinel on.
	 */
	@Test
	@Order(12)
	void aTcThatLostItsStoreIsCaughtAndTheSentinelsReleaseWhatItForgot() throws Exception {
		Durability forgotten = Durability.killTcUnderLoad(system, "tcwiped", (killed) -> system.wipeTcStore());
		assertThatThrownBy(() -> forgotten.verify(SETTLE_BY_TC)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("still TRIED");
		assertThat(forgotten.triedAtKill()).hasSizeGreaterThanOrEqualTo(Durability.HELD);

		system.restartLedgerWith(LEDGER_SENTINEL_ON);
		Recovery.awaitSettled(system, RECOVERY);
		for (String freezeId : forgotten.triedAtKill()) {
			List<String> settled = Recovery.rows(system.ledgerDb(),
					"SELECT status, settled_by, xid FROM freeze WHERE freeze_id = " + freezeId);
			assertThat(settled).hasSize(1);
			assertThat(settled.get(0)).as("freeze " + freezeId).startsWith("CANCELLED | SENTINEL | ");
			assertThat(hasAnomaly("SENTINEL_RELEASED", settled.get(0).split(" \\| ")[2])).isTrue();
		}
		assertThat(Http.get(system.ledger("/actuator/prometheus"), system.token(Tokens.Client.PROMETHEUS))
			.expect(200)
			.raw()).containsPattern("ledger_tcc_total\\{[^}]*outcome=\"sentinel_released\",phase=\"cancel\"} [1-9]");
		// the last scenario: the ledger's sentinel may stay on
	}

	// --- helpers ---

	/** An order alice paid 2 500 of to a shop of its own, for a refund scenario. */
	record Paid(String orderNo, String alice, String shop) {

		static Paid of(String prefix) {
			String alice = ledger.customerWithAvailable("CNY", 10_000);
			String shop = ledger.merchant("CNY");
			String orderNo = Ledger.unique(prefix);
			Http.Response paid = ledger.pay(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
			assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
			return new Paid(orderNo, alice, shop);
		}

		Http.Response refund(String refundNo, long amount) {
			return Http.post(system.orders("/api/v1/orders/" + this.orderNo + "/refunds"),
					Map.of("refundNo", refundNo, "amount", amount, "reason", "anomaly scenario"), ledger.shop());
		}

		/** A refund whose connection may be cut by a kill. */
		void refundTolerant(String refundNo, long amount) {
			try {
				refund(refundNo, amount);
			}
			catch (RuntimeException cut) {
				// the answer is read from the order afterwards
			}
		}

		Http.Response order() {
			return Http.get(system.orders("/api/v1/orders/" + this.orderNo), ledger.shop()).expect(200);
		}

		/** The refund as the order lists it; fails when the order does not. */
		JsonNode refundOf(String refundNo) {
			Http.Response order = order();
			for (JsonNode refund : order.body().path("refunds")) {
				if (refundNo.equals(refund.path("refundNo").asText())) {
					return refund;
				}
			}
			throw new AssertionError("no refund " + refundNo + " in " + order.raw());
		}

		/** The statuses of the ledger's refund branches of this order. */
		List<String> refundFreezes() {
			Http.Response freezes = Http
				.get(system.ledger("/api/v1/freezes?orderNo=" + this.orderNo),
						system.token(Tokens.Client.FINANCE_VIEWER))
				.expect(200);
			List<String> statuses = new ArrayList<>();
			for (JsonNode freeze : freezes.body()) {
				if ("REFUND".equals(freeze.path("kind").asText())) {
					statuses.add(freeze.path("status").asText());
				}
			}
			return statuses;
		}

		/** The money and the order once {@code refunded} of the 2 500 went back. */
		void assertRefunded(long refunded) {
			assertThat(ledger.available(this.alice)).isEqualTo(7_500 + refunded);
			assertThat(ledger.frozen(this.alice)).isZero();
			assertThat(ledger.available(this.shop)).isEqualTo(2_500 - refunded);
			assertThat(ledger.frozen(this.shop)).isZero();
			Http.Response order = order();
			assertThat(order.text("status")).as(order.raw()).isEqualTo((refunded == 0) ? "PAID" : "PARTIALLY_REFUNDED");
			assertThat(order.number("refunded")).as(order.raw()).isEqualTo(refunded);
		}

	}

	static final Duration SETTLE_BY_TC = Duration.ofSeconds(20);

	/**
	 * Waits for the HALT armed on the ledger to kill it, then starts it again on the same
	 * database.
	 */
	static void restartLedgerAfterHalt() {
		assertThat(system.exitCode("ledger")).as("the ledger halted at the point").isEqualTo(Faults.HALTED);
		system.startLedger();
		system.awaitLedgerHealthy();
	}

	/** An answer the README promises as 202: accepted, the outcome not final yet. */
	static void assertPending(Http.Response answer) {
		assertThat(answer.status()).as(answer.raw()).isEqualTo(202);
		assertThat(answer.text("status")).as(answer.raw()).isEqualTo("PENDING");
		assertThat(answer.text("xid")).as(answer.raw()).isNotBlank();
	}

	static void arm(String serviceBase, String point, String action, int times, long delayMs) {
		Faults.arm(system, serviceBase, point, action, times, delayMs);
	}

	static void assertFired(String serviceBase, String point, int times) {
		Faults.assertFired(system, serviceBase, point, times);
	}

	/** A payment whose connection may be cut by a kill: the answer, or null. */
	static Http.Response payTolerant(Map<String, Object> order) {
		try {
			return ledger.pay(order);
		}
		catch (RuntimeException cut) {
			return null;
		}
	}

	static boolean hasAnomaly(String kind, String xid) {
		Http.Response anomalies = Http
			.get(system.ledger("/api/v1/finance/anomalies?kind=" + kind + "&limit=500"),
					system.token(Tokens.Client.FINANCE_VIEWER))
			.expect(200);
		for (JsonNode a : anomalies.body()) {
			if (a.path("xid").asText().equals(xid)) {
				return true;
			}
		}
		return false;
	}

}
