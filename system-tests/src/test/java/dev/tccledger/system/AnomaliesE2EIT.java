package dev.tccledger.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
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

	static TestSystem system;

	static Ledger ledger;

	@BeforeAll
	static void start() {
		system = TestSystem.start("anomalies", true, 3_000,
				List.of("--ledger.sentinel.grace-ms=5000", "--ledger.sentinel.period-ms=600000"),
				List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000"));
		ledger = new Ledger(system);
	}

	@AfterAll
	static void stop() {
		if (system != null) {
			system.close();
		}
	}

	@AfterEach
	void settledAndAudited() throws Exception {
		system.ensureUp();
		Http.delete(system.ledger("/api/v1/faults"));
		Http.delete(system.orders("/api/v1/faults"));
		Recovery.awaitSettled(system, RECOVERY);
		Auditor.audit(system);
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
		assertThat(order(orderNo).text("status")).isEqualTo("FAILED");
		assertThat(order(orderNo).text("reason")).isEqualTo("TIMEOUT");
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
		Http.Response answer = payTolerant(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		log.info("duplicate confirm: order answered {}", answer);
		restartLedgerAfterHalt();
		String xid = order(orderNo).text("xid");
		await("the TC confirms again").atMost(RECOVERY).until(() -> hasAnomaly("DUPLICATE_CONFIRM", xid));
		await().atMost(RECOVERY).until(() -> "PAID".equals(order(orderNo).text("status")));
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
		await().atMost(RECOVERY)
			.until(() -> "CONFIRMED".equals(ledger.freezes(alice).body().get(0).path("status").asText()));
		await().atMost(RECOVERY).until(() -> "PAID".equals(order(orderNo).text("status")));
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
		await().atMost(RECOVERY).until(() -> "FAILED".equals(order(orderNo).text("status")));
		// the TC cancels branches in registration order: the ledger's before the order's
		assertThat(ledger.freezes(alice).body().get(0).path("status").asText()).isEqualTo("CANCELLED");
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
		String xid = order(orderNo).text("xid");
		await("the TC cancels again").atMost(RECOVERY).until(() -> hasAnomaly("DUPLICATE_CANCEL", xid));
		await().atMost(RECOVERY).until(() -> "FAILED".equals(order(orderNo).text("status")));
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
		await("order-service halted").atMost(RECOVERY).until(() -> !system.orderAlive());
		// the TC times the transaction out and cancels the ledger branch while
		// order-service is down
		await("ledger branch cancelled").atMost(RECOVERY)
			.until(() -> "CANCELLED".equals(ledger.freezes(alice).body().get(0).path("status").asText()));
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		system.startOrder();
		system.awaitOrderHealthy();
		await("order settled").atMost(RECOVERY).until(() -> "FAILED".equals(order(orderNo).text("status")));
	}

	@Test
	@Order(7)
	void aTryCommittedWhoseAnswerWasLostIsReleased() {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.ledger(""), "LEDGER_TRY_AFTER_COMMIT", "HALT", 1, 0);
		String orderNo = Ledger.unique("lostanswer");
		Http.Response answer = payTolerant(Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		log.info("lost try answer: order answered {}", answer);
		restartLedgerAfterHalt();
		await().atMost(RECOVERY)
			.until(() -> "CANCELLED".equals(ledger.freezes(alice).body().get(0).path("status").asText()));
		await().atMost(RECOVERY).until(() -> "FAILED".equals(order(orderNo).text("status")));
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
	}

	@Test
	@Order(8)
	void whenTheTcForgetsATransactionTheSentinelsReleaseTheFreezeAndFailTheOrder() throws Exception {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		arm(system.orders(""), "ORDER_BEFORE_GLOBAL_COMMIT", "DELAY", 1, 6_000);
		String orderNo = Ledger.unique("forgotten");
		CompletableFuture<Http.Response> paying = CompletableFuture
			.supplyAsync(() -> payTolerant(Ledger.order(orderNo, shop, "CNY", alice, 2_500)));
		await("the freeze is TRIED").atMost(Duration.ofSeconds(20)).until(() -> ledger.frozen(alice) == 2_500);
		system.killTc();
		system.wipeTcStore();
		system.startTc();
		log.info("TC restarted with an empty store; order answered {}", paying.get(60, TimeUnit.SECONDS));
		await("the ledger's sentinel releases it").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Http.post(system.ledger("/api/v1/finance/sentinel/sweeps"), "");
			return ledger.frozen(alice) == 0;
		});
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(hasAnomaly("SENTINEL_RELEASED", order(orderNo).text("xid"))).isTrue();
		JsonNode journal = Http.get(system.ledger("/api/v1/accounts/" + alice + "/journal?limit=1")).body().get(0);
		assertThat(journal.path("createdBy").asText()).isEqualTo("SENTINEL");
		await("the order's sentinel fails it").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Http.post(system.orders("/api/v1/recovery/sweeps"), "");
			return "FAILED".equals(order(orderNo).text("status"));
		});
	}

	@Test
	@Order(9)
	void theTcKilledUnderLoadAndRestartedOnItsStoreLeavesNothingStuck() throws Exception {
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 1_000_000));
		}
		String shop = ledger.merchant("CNY");
		try (Recovery.Load load = new Recovery.Load(ledger, payers, shop, 4, "tcload")) {
			await().atMost(RECOVERY).until(() -> load.placed.get() >= 30);
			system.killTc();
			log.info("TC killed after {} orders", load.placed.get());
			Thread.sleep(1_500);
			system.startTc();
			int before = load.placed.get();
			await("payments flow again").atMost(RECOVERY).until(() -> load.placed.get() >= before + 30);
		}
		// settledAndAudited(): every order final, no freeze TRIED, the books balance
	}

	// --- helpers ---

	/**
	 * Waits for the HALT armed on the ledger to kill it, then starts it again on the same
	 * database.
	 */
	static void restartLedgerAfterHalt() {
		await("ledger halted").atMost(RECOVERY).until(() -> !system.ledgerAlive());
		system.startLedger();
		system.awaitLedgerHealthy();
	}

	static void arm(String serviceBase, String point, String action, int times, long delayMs) {
		Http.Response armed = Http.put(serviceBase + "/api/v1/faults/" + point,
				Map.of("action", action, "times", times, "delayMs", delayMs));
		assertThat(armed.status()).as(armed.raw()).isEqualTo(200);
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

	static Http.Response order(String orderNo) {
		return Http.get(system.orders("/api/v1/orders/" + orderNo));
	}

	static boolean hasAnomaly(String kind, String xid) {
		for (JsonNode a : Http.get(system.ledger("/api/v1/finance/anomalies?kind=" + kind + "&limit=500")).body()) {
			if (a.path("xid").asText().equals(xid)) {
				return true;
			}
		}
		return false;
	}

}
