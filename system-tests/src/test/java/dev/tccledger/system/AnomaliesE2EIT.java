package dev.tccledger.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
	 * The TC SIGKILLed under load and restarted on its file store: nothing it
	 * acknowledged is lost, and it alone (the ledger's sentinel is held off) settles
	 * every freeze left TRIED, two of them held on purpose just before the global commit.
	 */
	@Test
	@Order(8)
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
	@Order(9)
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
