package dev.tccledger.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money at the boundary against the real channel process, on one system: recharges (paid,
 * lost callback, declined) and withdrawals (paid by callback, failed by the channel, a
 * create answered after the ledger's timeout, settled by query or by the callback that
 * came first, lost, duplicated and out-of-order callbacks, the ledger SIGKILLed between
 * hold and submit and between submit and callback, the channel down for a minute). Each
 * scenario asserts the money (the customer's available and frozen, the clearing account
 * {@code channel:sim:CNY}), the states, the journal's kinds and actors and what the
 * channel holds, and ends with nothing in flight and the auditor clean (the extension
 * runs it after each).
 * <p>
 * The ledger runs with short delays (worker every 200 ms, first query 3-6 s after a
 * create: later than any callback, so that the callback scenarios see the callback
 * settle; backoff 0.5-3 s, sentinel grace 1.5 s, read timeout 2.5 s) so that each
 * scenario takes seconds; the channel's outage is a real minute, and the two ledger
 * restarts of the kill scenarios happen inside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelE2EIT {

	private static final Logger log = LoggerFactory.getLogger(ChannelE2EIT.class);

	static final String MERCHANT_KEY = "sim-ledger-key";

	static final String CALLBACK_SECRET = "sim-ledger-callback-secret";

	static final String CLEARING = "channel:sim:CNY";

	/** How long anything may stay in flight once the channel answers again. */
	static final Duration WITHIN = Duration.ofSeconds(60);

	static final List<String> LEDGER_ARGS = List.of("--ledger.recharges.grace-ms=1500",
			"--ledger.recharges.period-ms=500", "--ledger.withdrawals.period-ms=200",
			"--ledger.withdrawals.first-query-ms=6000", "--ledger.withdrawals.backoff-base-ms=500",
			"--ledger.withdrawals.backoff-max-ms=3000", "--ledger.withdrawals.max-attempts=100",
			"--ledger.withdrawals.lease-ms=8000", "--ledger.channels.sim.read-timeout-ms=2500",
			// texts: sent within 200 ms of the settlement, retried through the channel's
			// outage (never parked by it), a dead sender's lease taken over after 8 s
			"--tcc.notifications.period-ms=200", "--tcc.notifications.backoff-base-ms=500",
			"--tcc.notifications.backoff-max-ms=3000", "--tcc.notifications.max-attempts=100",
			"--tcc.notifications.lease-ms=8000", "--tcc.notifications.timeout-ms=2500");

	/**
	 * The same, but the payout worker's first pass an hour away: a withdrawal requested
	 * now stays held and unsent, the window between hold and submit made deterministic.
	 */
	static final List<String> WORKER_HELD_OFF = LEDGER_ARGS.stream()
		.map((arg) -> arg.startsWith("--ledger.withdrawals.period-ms=") ? "--ledger.withdrawals.period-ms=3600000"
				: arg)
		.toList();

	@RegisterExtension
	static final E2e e2e = E2e
		.system(TestSystem.Options.named("ChannelE2EIT").args(LEDGER_ARGS, List.of()).withFaults());

	/** Nothing in flight past the recovery window; the extension then audits. */
	@AfterEach
	void nothingInFlight() throws Exception {
		TestSystem system = e2e.system();
		// a scenario that failed half-way may have left the channel or the ledger down
		system.ensureUp();
		Http.delete(system.channel("/sim/v1/behaviour"), MERCHANT_KEY).expect(204);
		await("nothing in flight").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> count("SELECT COUNT(*) FROM withdrawal WHERE status = 'PROCESSING'") == 0
					&& count("SELECT COUNT(*) FROM recharge WHERE status = 'PENDING'") == 0);
		assertThat(count("SELECT COUNT(*) FROM withdrawal WHERE status = 'NEEDS_ATTENTION'")).isZero();
		everySettlementTextedOnce();
	}

	/**
	 * Every settled recharge (SUCCEEDED) and withdrawal (SUCCEEDED or FAILED) of the
	 * customers here (all have a phone) was texted exactly once: one SMS notification per
	 * settlement, none for what did not settle, each SENT, and the gateway holding each
	 * of them under its event id once, for that phone and nothing else.
	 */
	static void everySettlementTextedOnce() throws Exception {
		await("every notification sent").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> count("SELECT COUNT(*) FROM notification WHERE status <> 'SENT'") == 0);
		List<String> settled = rows("""
				SELECT r.recharge_no FROM recharge r JOIN account a ON a.account_id = r.account_id
				 WHERE r.status = 'SUCCEEDED' AND a.phone IS NOT NULL
				UNION ALL
				SELECT w.withdrawal_no FROM withdrawal w JOIN account a ON a.account_id = w.account_id
				 WHERE w.status IN ('SUCCEEDED', 'FAILED') AND a.phone IS NOT NULL""");
		List<String> texted = rows("SELECT subject FROM notification WHERE channel = 'SMS'");
		assertThat(texted).as("one SMS notification per settlement").containsExactlyInAnyOrderElementsOf(settled);
		Map<String, String> phones = new HashMap<>();
		for (String row : rows("SELECT CONCAT(id, ' ', destination) FROM notification WHERE channel = 'SMS'")) {
			phones.put(row.substring(0, row.indexOf(' ')), row.substring(row.indexOf(' ') + 1));
		}
		JsonNode received = Http.get(system().channel("/sim/v1/sms"), MERCHANT_KEY).expect(200).body();
		Map<String, String> atTheGateway = new HashMap<>();
		for (JsonNode sms : received) {
			assertThat(atTheGateway.put(sms.path("reference").asText(), sms.path("to").asText()))
				.as("reference %s once at the gateway", sms.path("reference").asText())
				.isNull();
		}
		assertThat(atTheGateway).isEqualTo(phones);
	}

	/** When the gateway received the text of this settlement. */
	static Instant textedAt(String no) throws Exception {
		List<String> ids = rows("SELECT id FROM notification WHERE channel = 'SMS' AND subject = '" + no + "'");
		assertThat(ids).as("the SMS notification of " + no).hasSize(1);
		for (JsonNode sms : Http.get(system().channel("/sim/v1/sms"), MERCHANT_KEY).expect(200).body()) {
			if (sms.path("reference").asText().equals(ids.get(0))) {
				return Instant.parse(sms.path("receivedAt").asText());
			}
		}
		throw new AssertionError("no SMS at the gateway for " + no);
	}

	/** A customer with a phone (texted on each settlement), holding {@code available}. */
	static String customer(long available) {
		String id = Ledger.unique("customer");
		String phone = "+86" + (13_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L));
		Http.Response opened = Http.post(system().ledger("/api/v1/accounts"),
				Map.of("accountId", id, "kind", "CUSTOMER", "currency", "CNY", "phone", phone),
				system().token(Tokens.Client.DEMO_SHOP));
		assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
		assertThat(opened.text("phone")).isEqualTo(phone);
		if (available > 0) {
			assertThat(e2e.ledger().deposit(id, available).status()).isEqualTo(201);
		}
		return id;
	}

	// --- recharges ---

	@Test
	@Order(1)
	void aPaidRechargeIsCreditedOnceByTheChannelsCallback() throws Exception {
		Ledger ledger = e2e.ledger();
		String alice = customer(0);
		long clearing = clearing();
		String no = Ledger.unique("r");
		Http.Response created = recharge(no, alice, 5_000);
		assertThat(created.status()).as(created.raw()).isEqualTo(201);
		assertThat(created.text("status")).isEqualTo("PENDING");
		assertThat(created.text("channelTxId")).startsWith("pay_");

		awaitRecharge(no, "SUCCEEDED");
		assertThat(ledger.available(alice)).isEqualTo(5_000);
		assertThat(clearing()).isEqualTo(clearing - 5_000);
		assertThat(rechargeJournal(no)).containsExactly("channel:sim");
		// the replay answers it as it is, and credits nothing more
		assertThat(recharge(no, alice, 5_000).status()).isEqualTo(200);
		assertThat(ledger.available(alice)).isEqualTo(5_000);
		assertThat(Http.get(system().ledger("/actuator/prometheus"), system().token(Tokens.Client.PROMETHEUS)).raw())
			.contains(
					"ledger_channel_callbacks_total{application=\"ledger-service\",channel=\"sim\",verdict=\"SETTLED\"}");
	}

	@Test
	@Order(2)
	void aLostRechargeCallbackIsSettledByTheSentinelsQuery() throws Exception {
		behaviour("PAYMENT", "LOSE_CALLBACK", 0);
		Ledger ledger = e2e.ledger();
		String alice = customer(0);
		String no = Ledger.unique("r");
		assertThat(recharge(no, alice, 700).status()).isEqualTo(201);

		awaitRecharge(no, "SUCCEEDED");
		assertThat(ledger.available(alice)).isEqualTo(700);
		assertThat(rechargeJournal(no)).containsExactly("sentinel");
		assertThat(callbacks(no)).isEmpty();
	}

	@Test
	@Order(3)
	void aDeclinedPaymentFailsAndMovesNothing() throws Exception {
		behaviour("PAYMENT", "FAIL", 0);
		Ledger ledger = e2e.ledger();
		String alice = customer(0);
		long clearing = clearing();
		String no = Ledger.unique("r");
		assertThat(recharge(no, alice, 900).status()).isEqualTo(201);

		Http.Response failed = awaitRecharge(no, "FAILED");
		assertThat(failed.text("reason")).isEqualTo("PAYER_DECLINED");
		assertThat(ledger.available(alice)).isZero();
		assertThat(clearing()).isEqualTo(clearing);
		assertThat(rechargeJournal(no)).isEmpty();
	}

	// --- withdrawals ---

	@Test
	@Order(10)
	void aWithdrawalIsHeldFirstThenPaidOutAndCapturedByTheCallback() throws Exception {
		Withdrawing w = withdrawing(10_000, 4_000);
		// held in the request's own transaction, before any call to the channel
		assertThat(e2e.ledger().available(w.account())).isEqualTo(6_000);

		Http.Response paid = awaitWithdrawal(w.no(), "SUCCEEDED");
		assertThat(paid.text("reason")).isNull();
		assertThat(paid.number("attempts")).as("one create, no query: the callback came first").isEqualTo(1);
		w.settled(6_000, 4_000, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_CAPTURE channel-callback");
		assertThat(callbacks(w.no())).containsExactly("SETTLED");

		Http.Response payout = paidOnceAtTheChannel(w.no(), 4_000, "SUCCEEDED");
		assertThat(payout.text("destination")).isEqualTo("wallet:" + w.account());
		// no payout without the money held first: the hold is older than the payout
		assertThat(holdAt(w.no())).isBefore(Instant.parse(payout.text("createdAt")));
	}

	@Test
	@Order(11)
	void aPayoutTheChannelFailsIsReleasedWithItsReason() throws Exception {
		behaviour("PAYOUT", "FAIL", 0);
		Withdrawing w = withdrawing(5_000, 5_000);

		Http.Response failed = awaitWithdrawal(w.no(), "FAILED");
		assertThat(failed.text("reason")).isEqualTo("INSUFFICIENT_BALANCE_AT_CHANNEL");
		w.settled(5_000, 0, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_RELEASE channel-callback");
		assertThat(callbacks(w.no())).containsExactly("SETTLED");
		paidOnceAtTheChannel(w.no(), 5_000, "FAILED");
	}

	@Test
	@Order(12)
	void aLostPayoutCallbackIsSettledByTheWorkersQuery() throws Exception {
		behaviour("PAYOUT", "LOSE_CALLBACK", 0);
		Withdrawing w = withdrawing(3_000, 1_200);

		Http.Response paid = awaitWithdrawal(w.no(), "SUCCEEDED");
		assertThat(paid.number("attempts")).as("the create, then one query").isEqualTo(2);
		w.settled(1_800, 1_200, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_CAPTURE payout-worker");
		assertThat(callbacks(w.no())).isEmpty();
		assertThat(task(w.no(), "answers")).contains("SUBMIT PROCESSING", "QUERY SUCCEEDED");
		paidOnceAtTheChannel(w.no(), 1_200, "SUCCEEDED");
	}

	@Test
	@Order(13)
	void aDuplicatedCallbackCapturesOnceAndIsRecorded() throws Exception {
		behaviour("PAYOUT", "DUPLICATE_CALLBACK", 0);
		Withdrawing w = withdrawing(2_000, 2_000);

		awaitWithdrawal(w.no(), "SUCCEEDED");
		await("both deliveries").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> callbacks(w.no()).size() == 2);
		assertThat(callbacks(w.no())).containsExactly("SETTLED", "ALREADY_SETTLED");
		w.settled(0, 2_000, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_CAPTURE channel-callback");
		paidOnceAtTheChannel(w.no(), 2_000, "SUCCEEDED");
	}

	/**
	 * After the payout settled, callbacks signed with the channel's secret as the channel
	 * would sign them, but out of order: PROCESSING, a FAILED contradicting the success,
	 * a SUCCEEDED again under a new event id; then a replay signed ten minutes ago and a
	 * tampered one. None moves money; each is answered as the channel expects and kept.
	 */
	@Test
	@Order(14)
	void lateOutOfOrderStaleAndTamperedCallbacksChangeNothing() throws Exception {
		Withdrawing w = withdrawing(3_000, 1_000);
		String no = w.no();
		awaitWithdrawal(no, "SUCCEEDED");
		String txId = paidOnceAtTheChannel(no, 1_000, "SUCCEEDED").text("channelTxId");
		long now = Instant.now().getEpochSecond();

		assertThat(notify(event(txId, no, 1_000, "PROCESSING", null), now).expect(200).text("verdict"))
			.isEqualTo("NOT_FINAL");
		assertThat(notify(event(txId, no, 1_000, "FAILED", "INSUFFICIENT_BALANCE_AT_CHANNEL"), now).expect(200)
			.text("verdict")).isEqualTo("REJECTED");
		assertThat(notify(event(txId, no, 1_000, "SUCCEEDED", null), now).expect(200).text("verdict"))
			.isEqualTo("ALREADY_SETTLED");
		String success = event(txId, no, 1_000, "SUCCEEDED", null);
		Http.Response stale = notify(success, now - 600);
		assertThat(stale.status()).as(stale.raw()).isEqualTo(401);
		assertThat(stale.text("code")).isEqualTo("BAD_SIGNATURE");
		Http.Response tampered = Http.postWithHeaders(notifications(),
				success.replace("\"amount\":1000", "\"amount\":100"),
				Map.of("X-Channel-Timestamp", Long.toString(now), "X-Channel-Signature", sign(now, success)));
		assertThat(tampered.status()).as(tampered.raw()).isEqualTo(401);

		assertThat(callbacks(no)).containsExactly("SETTLED", "NOT_FINAL", "REJECTED", "ALREADY_SETTLED", "STALE",
				"BAD_SIGNATURE");
		assertThat(awaitWithdrawal(no, "SUCCEEDED").text("reason")).isNull();
		assertThat(withdrawal(no, "flag")).isEqualTo("CHANNEL_FAILED after SUCCEEDED (CALLBACK)");
		w.settled(2_000, 1_000, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_CAPTURE channel-callback");
	}

	/**
	 * The create reaches the channel, which answers only after the ledger gave up on it:
	 * the channel's process is stopped (SIGSTOP) while the request waits in its socket,
	 * and its callback is lost. The hold stays through the unknown outcome; once the
	 * channel runs again it executes the create, and the worker's query finds it
	 * SUCCEEDED. One payout at the channel.
	 */
	@Test
	@Order(15)
	void aCreateAnsweredAfterTheTimeoutKeepsTheHoldAndIsSettledByQuery() throws Exception {
		behaviour("PAYOUT", "LOSE_CALLBACK", 0);
		TestSystem system = system();
		Ledger ledger = e2e.ledger();
		system.signal("channel", "STOP");
		Withdrawing w;
		try {
			Withdrawing started = withdrawing(6_000, 2_500);
			w = started;
			await("the create timed out").atMost(WITHIN)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> task(started.no(), "answers").contains("SUBMIT OUTCOME_UNKNOWN"));
			// an unknown outcome never releases: the hold stays
			assertThat(withdrawal(w.no(), "status")).isEqualTo("PROCESSING");
			assertThat(ledger.frozen(w.account())).isEqualTo(2_500);
			assertThat(ledger.available(w.account())).isEqualTo(3_500);
		}
		finally {
			system.signal("channel", "CONT");
		}

		awaitWithdrawal(w.no(), "SUCCEEDED");
		w.settled(3_500, 2_500, "WITHDRAWAL_HOLD demo-shop", "WITHDRAWAL_CAPTURE payout-worker");
		assertThat(callbacks(w.no())).isEmpty();
		assertThat(task(w.no(), "answers")).containsPattern("(QUERY|SUBMIT) SUCCEEDED\\s*$");
		paidOnceAtTheChannel(w.no(), 2_500, "SUCCEEDED");
	}

	/**
	 * The channel's own TIMEOUT: it executes the create and settles it, but holds the
	 * answer past the ledger's read timeout. The settlement comes first (the callback, or
	 * the worker's query if the callback is slower than the timeout); the create given up
	 * on after it moves nothing, sends nothing again and flags nothing.
	 */
	@Test
	@Order(16)
	void aCreateAnsweredAfterItsSettlementMovesNothingMore() throws Exception {
		behaviour("PAYOUT", "TIMEOUT", 5_000);
		double timedOut = payoutCalls("SUBMIT", "OUTCOME_UNKNOWN");
		Withdrawing w = withdrawing(4_000, 1_500);

		awaitWithdrawal(w.no(), "SUCCEEDED");
		await("the create's answer given up on").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> payoutCalls("SUBMIT", "OUTCOME_UNKNOWN") == timedOut + 1);
		assertThat(withdrawal(w.no(), "status")).isEqualTo("SUCCEEDED");
		assertThat(withdrawal(w.no(), "flag")).isNull();
		assertThat(task(w.no(), "next_attempt_at")).as("nothing left to send").isNull();
		w.settled(2_500, 1_500);
		List<String> journal = withdrawalJournal(w.no());
		assertThat(journal).hasSize(2).first().isEqualTo("WITHDRAWAL_HOLD demo-shop");
		assertThat(journal.get(1)).isIn("WITHDRAWAL_CAPTURE channel-callback", "WITHDRAWAL_CAPTURE payout-worker");
		paidOnceAtTheChannel(w.no(), 1_500, "SUCCEEDED");
	}

	/**
	 * Three boundary failures on one stretch of time, the channel's minute of outage
	 * holding the ledger's two restarts:
	 * <ol>
	 * <li>the ledger SIGKILLed between submit and callback: a payout at the channel whose
	 * callback is 10 s late;</li>
	 * <li>the channel SIGKILLed: down for a minute;</li>
	 * <li>the ledger started with its payout worker held off, a withdrawal held, and the
	 * ledger SIGKILLed right after the 202: between hold and submit;</li>
	 * <li>the ledger started as before: a withdrawal and a recharge requested while the
	 * channel is down; every call fails NOT_SENT and backs off, every hold stays;</li>
	 * <li>the channel back on its port and store: everything settles once.</li>
	 * </ol>
	 */
	@Test
	@Order(20)
	void theChannelDownForAMinuteWithTheLedgerKilledBetweenHoldSubmitAndCallback() throws Exception {
		TestSystem system = system();
		Ledger ledger = e2e.ledger();
		String alice = customer(30_000);
		long clearing = clearing();

		// 0. a recharge settled just before the outage, its text held back by a
		// dispatcher
		// that stalls before sending and dies with the ledger in step 1: the text waits
		// out the gateway's minute
		Faults.arm(system, system.ledger(""), "NOTIFICATION_BEFORE_SEND", "DELAY", 1, 60_000);
		String before = Ledger.unique("r-before");
		assertThat(recharge(before, alice, 500).status()).isEqualTo(201);
		awaitRecharge(before, "SUCCEEDED");
		await("the text claimed and stalled").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> Faults.fired(system, system.ledger(""), "NOTIFICATION_BEFORE_SEND") == 1);

		// 1. between submit and callback
		behaviour("PAYOUT", "DELAY", 10_000);
		String submitted = Ledger.unique("w-sub");
		assertThat(withdraw(submitted, alice, 1_000).status()).isEqualTo(202);
		await("the payout at the channel").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> payoutAtTheChannel(submitted).status() == 200);
		system.killLedger();
		assertThat(system.exitCode("ledger")).isEqualTo(137);

		// 2. the channel down
		Instant down = Instant.now();
		system.killChannel();

		// 3. between hold and submit
		system.restartLedgerWith(WORKER_HELD_OFF);
		String held = Ledger.unique("w-held");
		assertThat(withdraw(held, alice, 2_000).status()).isEqualTo(202);
		system.killLedger();
		assertThat(system.exitCode("ledger")).isEqualTo(137);
		assertThat(task(held, "attempts")).isEqualTo("0");
		assertThat(task(held, "first_sent_at")).isNull();

		// 4. the ledger back, the channel still down
		system.restartLedgerWith(LEDGER_ARGS);
		String during = Ledger.unique("w-down");
		assertThat(withdraw(during, alice, 4_000).status()).isEqualTo(202);
		String recharged = Ledger.unique("r-down");
		Http.Response pending = recharge(recharged, alice, 8_000);
		assertThat(pending.status()).as(pending.raw()).isEqualTo(201);
		assertThat(pending.text("status")).isEqualTo("PENDING");
		assertThat(pending.text("channelTxId")).isNull();
		await("the worker's calls fail unsent").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> task(during, "answers").contains("SUBMIT NOT_SENT")
					&& task(held, "answers").contains("SUBMIT NOT_SENT"));
		for (String no : List.of(submitted, held, during)) {
			assertThat(withdrawal(no, "status")).as(no).isEqualTo("PROCESSING");
		}
		assertThat(ledger.frozen(alice)).isEqualTo(7_000);
		assertThat(ledger.available(alice)).isEqualTo(23_000 + 500);
		assertThat(clearing()).isEqualTo(clearing - 500);
		Duration busy = Duration.between(down, Instant.now());
		log.info("channel outage: {} ms of the minute spent on the ledger's two restarts and the requests",
				busy.toMillis());
		Duration left = Duration.ofMinutes(1).minus(busy);
		if (!left.isNegative()) {
			Thread.sleep(left.toMillis());
		}
		assertThat(withdrawal(during, "status")).isEqualTo("PROCESSING");
		assertThat(Integer.parseInt(task(during, "failed_calls"))).isGreaterThan(1);
		assertThat(ledger.frozen(alice)).isEqualTo(7_000);

		// 5. the channel back
		system.startChannel();
		Instant up = Instant.now();
		for (String no : List.of(submitted, held, during)) {
			awaitWithdrawal(no, "SUCCEEDED");
		}
		awaitRecharge(recharged, "SUCCEEDED");
		log.info("channel outage: down {} ms (the ledger busy for {} ms of it), all settled {} ms after it was back",
				Duration.between(down, up).toMillis(), busy.toMillis(), Duration.between(up, Instant.now()).toMillis());

		// every text of the scenario (the one held back, and those of what settled after
		// the outage) arrives after the gateway is back, each once (nothingInFlight
		// checks
		// once)
		await("the texts").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> count("SELECT COUNT(*) FROM notification WHERE status <> 'SENT'") == 0);
		// the gateway is the channel: dead from `down` until it was started again, so a
		// text received after `down` was received after its return (`up` is taken once
		// the start returned, which the first retry may beat)
		for (String no : List.of(before, submitted, held, during, recharged)) {
			assertThat(textedAt(no)).as(no).isAfter(down);
		}
		assertThat(ledger.available(alice)).isEqualTo(23_000 + 8_000 + 500);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(clearing()).isEqualTo(clearing + 7_000 - 8_000 - 500);
		assertThat(rechargeJournal(recharged)).hasSize(1);
		Map<String, Long> amounts = Map.of(submitted, 1_000L, held, 2_000L, during, 4_000L);
		for (String no : List.of(submitted, held, during)) {
			assertThat(withdrawalJournal(no)).as(no).hasSize(2).first().isEqualTo("WITHDRAWAL_HOLD demo-shop");
			assertThat(withdrawalJournal(no).get(1)).as(no).startsWith("WITHDRAWAL_CAPTURE ");
		}
		// the first call for the held one was the restarted ledger's
		assertThat(task(held, "answers")).containsPattern("\\A\\S+ SUBMIT NOT_SENT");
		for (String no : List.of(submitted, held, during)) {
			paidOnceAtTheChannel(no, amounts.get(no), "SUCCEEDED");
		}
	}

	/**
	 * Last, over everything the scenarios above did: the channel reconciliation of
	 * today's statement (the simulator's CSV over HTTP, the days UTC on both sides)
	 * matches every recharge and withdrawal (paid, failed, settled by query, after the
	 * kills and the outage) and names the one payment made at the channel outside the
	 * ledger, which it lists and never credits.
	 */
	@Test
	@Order(30)
	void theDaysStatementMatchesEveryOperationAndNamesWhatOnlyTheChannelHas() throws Exception {
		TestSystem system = system();
		long clearing = clearing();
		String stranger = Ledger.unique("stranger");
		Http.post(system.channel("/sim/v1/payments"),
				Map.of("reference", stranger, "amount", 700, "currency", "CNY", "notifyUrl", notifications()),
				MERCHANT_KEY)
			.expect(200);
		await("payment " + stranger).atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> callbacks(stranger).contains("REJECTED"));

		String day = LocalDate.now(ZoneOffset.UTC).toString();
		long lines = Http.get(system.channel("/sim/v1/statements/" + day), MERCHANT_KEY)
			.expect(200)
			.raw()
			.lines()
			.skip(1)
			.count();
		long ours = count("SELECT (SELECT COUNT(*) FROM recharge WHERE status IN ('SUCCEEDED', 'FAILED'))"
				+ " + (SELECT COUNT(*) FROM withdrawal WHERE status IN ('SUCCEEDED', 'FAILED'))");
		assertThat(lines).as("every settled operation of ours and the stranger's").isEqualTo(ours + 1);
		String url = system.ledger("/api/v1/finance/channel-reconciliation?channel=sim&date=" + day);
		// no run has finished today: the read matches the day now and stores nothing
		assertThat(
				Http.get(url, system.token(Tokens.Client.FINANCE_VIEWER)).expect(200).body().path("stored").asBoolean())
			.isFalse();
		Http.Response ran = Http.post(url, "", system.token(Tokens.Client.FINANCE_OPERATOR)).expect(200);

		JsonNode run = ran.body();
		assertThat(run.path("statementLines").asLong()).as(ran.raw()).isEqualTo(lines);
		assertThat(run.path("matched").asLong()).as(ran.raw()).isEqualTo(ours);
		assertThat(run.path("onlyInLedger")).as(ran.raw()).isEmpty();
		assertThat(run.path("mismatched")).as(ran.raw()).isEmpty();
		assertThat(run.path("onlyAtChannel")).as(ran.raw()).hasSize(1);
		JsonNode only = run.path("onlyAtChannel").get(0);
		assertThat(only.path("reference").asText()).isEqualTo(stranger);
		assertThat(only.path("operation").asText()).isEqualTo("PAYMENT");
		assertThat(only.path("channelAmount").asLong()).isEqualTo(700);
		assertThat(only.path("channelTxId").asText()).startsWith("pay_");
		assertThat(Http.get(url, system.token(Tokens.Client.FINANCE_VIEWER)).expect(200).body()).isEqualTo(run);
		// listed, never fixed: the stranger's money was credited to nobody
		assertThat(clearing()).isEqualTo(clearing);
	}

	// --- the calls ---

	static TestSystem system() {
		return e2e.system();
	}

	static Http.Response recharge(String no, String accountId, long amount) {
		return Http.post(system().ledger("/api/v1/recharges"),
				Map.of("rechargeNo", no, "accountId", accountId, "amount", amount),
				system().token(Tokens.Client.DEMO_SHOP));
	}

	static Http.Response awaitRecharge(String no, String status) {
		return await(no + " " + status).atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Http.get(system().ledger("/api/v1/recharges/" + no), system().token(Tokens.Client.DEMO_SHOP))
				.expect(200), (answer) -> status.equals(answer.text("status")));
	}

	static Http.Response withdraw(String no, String accountId, long amount) {
		return Http.post(system().ledger("/api/v1/withdrawals"), Map.of("withdrawalNo", no, "accountId", accountId,
				"amount", amount, "destination", "wallet:" + accountId), system().token(Tokens.Client.DEMO_SHOP));
	}

	/**
	 * A customer's withdrawal answered 202 PROCESSING, and the clearing account's balance
	 * before it.
	 */
	record Withdrawing(String account, String no, long clearingBefore) {

		/**
		 * The customer left with {@code available} and nothing frozen, the clearing
		 * account moved by {@code clearingMoved}, and the withdrawal's journal, if given,
		 * exactly these "kind actor" in order.
		 */
		void settled(long available, long clearingMoved, String... journal) throws Exception {
			Ledger ledger = e2e.ledger();
			assertThat(ledger.available(this.account)).isEqualTo(available);
			assertThat(ledger.frozen(this.account)).isZero();
			assertThat(clearing()).isEqualTo(this.clearingBefore + clearingMoved);
			if (journal.length > 0) {
				assertThat(withdrawalJournal(this.no)).containsExactly(journal);
			}
		}

	}

	/** A new customer holding {@code available} withdraws {@code amount}. */
	static Withdrawing withdrawing(long available, long amount) throws Exception {
		String account = customer(available);
		long clearing = clearing();
		String no = Ledger.unique("w");
		Http.Response accepted = withdraw(no, account, amount);
		assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
		assertThat(accepted.text("status")).isEqualTo("PROCESSING");
		return new Withdrawing(account, no, clearing);
	}

	static Http.Response awaitWithdrawal(String no, String status) {
		return await(no + " " + status).atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Http.get(system().ledger("/api/v1/withdrawals/" + no), system().token(Tokens.Client.DEMO_SHOP))
				.expect(200), (answer) -> status.equals(answer.text("status")));
	}

	static void behaviour(String operation, String outcome, long delayMs) {
		Http.Response set = Http.put(system().channel("/sim/v1/behaviour"),
				Map.of("operation", operation, "outcome", outcome, "times", 1, "delayMs", delayMs), MERCHANT_KEY);
		assertThat(set.status()).as(set.raw()).isEqualTo(200);
	}

	/** How many calls of this step and outcome the payout worker counted so far. */
	static double payoutCalls(String step, String outcome) {
		String metrics = Http.get(system().ledger("/actuator/prometheus"), system().token(Tokens.Client.PROMETHEUS))
			.expect(200)
			.raw();
		return metrics.lines()
			.filter((line) -> line.startsWith("ledger_payouts_calls_total{") && line.contains("step=\"" + step + "\"")
					&& line.contains("outcome=\"" + outcome + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	static Http.Response payoutAtTheChannel(String no) {
		return Http.get(system().channel("/sim/v1/payouts?reference=" + no), MERCHANT_KEY);
	}

	/**
	 * The channel's payout for this withdrawal, with its amount and status, on the day's
	 * statement exactly once.
	 */
	static Http.Response paidOnceAtTheChannel(String no, long amount, String status) {
		Http.Response payout = payoutAtTheChannel(no).expect(200);
		assertThat(payout.number("amount")).isEqualTo(amount);
		assertThat(payout.text("status")).isEqualTo(status);
		String day = payout.text("settledAt").substring(0, 10);
		String statement = Http.get(system().channel("/sim/v1/statements/" + day), MERCHANT_KEY).expect(200).raw();
		assertThat(statement.lines().filter((line) -> line.contains("," + no + ","))).as(statement)
			.containsExactly(String.join(",", "PAYOUT", no, payout.text("channelTxId"), Long.toString(amount), "CNY",
					status, payout.text("settledAt")));
		return payout;
	}

	/** A callback body as the simulator writes it. */
	static String event(String channelTxId, String reference, long amount, String status, String reason) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("eventId", Ledger.unique("evt"));
		event.put("type", "PAYOUT");
		event.put("channelTxId", channelTxId);
		event.put("reference", reference);
		event.put("amount", amount);
		event.put("currency", "CNY");
		event.put("status", status);
		event.put("reason", reason);
		event.put("occurredAt", Instant.now().toString());
		try {
			return Http.JSON.writeValueAsString(event);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The body, signed at {@code epochSeconds} as the channel signs it. */
	static Http.Response notify(String body, long epochSeconds) {
		return Http.postWithHeaders(notifications(), body, Map.of("X-Channel-Timestamp", Long.toString(epochSeconds),
				"X-Channel-Signature", sign(epochSeconds, body)));
	}

	static String notifications() {
		return system().ledger("/api/v1/channels/sim/notifications");
	}

	static String sign(long epochSeconds, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(CALLBACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- the ledger's tables ---

	/** The clearing account's available balance (0 before its first movement). */
	static long clearing() throws Exception {
		return count("SELECT COALESCE(SUM(available), 0) FROM account WHERE account_id = '" + CLEARING + "'");
	}

	/** The actors of the recharge's journal transactions. */
	static List<String> rechargeJournal(String no) throws Exception {
		return rows("SELECT actor FROM journal_tx WHERE kind = 'RECHARGE' AND reference = '" + no
				+ "' ORDER BY journal_tx_id");
	}

	/** "kind actor" of each of the withdrawal's journal transactions, in order. */
	static List<String> withdrawalJournal(String no) throws Exception {
		return rows("SELECT CONCAT(kind, ' ', actor) FROM journal_tx WHERE kind LIKE 'WITHDRAWAL%' AND reference = '"
				+ no + "' ORDER BY journal_tx_id");
	}

	/** When the withdrawal's hold was posted. */
	static Instant holdAt(String no) throws Exception {
		try (Connection db = system().ledgerDb();
				Statement s = db.createStatement();
				ResultSet rs = s.executeQuery("SELECT created_at FROM journal_tx WHERE kind = 'WITHDRAWAL_HOLD'"
						+ " AND reference = '" + no + "'")) {
			assertThat(rs.next()).as("the hold of " + no).isTrue();
			return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
		}
	}

	/**
	 * The verdicts of the callbacks received for this reference, in order; those not
	 * believed (no reference recorded) found by their body.
	 */
	static List<String> callbacks(String no) throws Exception {
		return rows("SELECT verdict FROM channel_callback WHERE reference = '" + no
				+ "' OR (reference IS NULL AND body LIKE '%\"reference\":\"" + no + "\"%') ORDER BY callback_id");
	}

	static String withdrawal(String no, String column) throws Exception {
		List<String> values = rows("SELECT " + column + " FROM withdrawal WHERE withdrawal_no = '" + no + "'");
		assertThat(values).as("withdrawal " + no).hasSize(1);
		return values.get(0);
	}

	static String task(String no, String column) throws Exception {
		List<String> values = rows("SELECT " + column + " FROM payout_task WHERE withdrawal_no = '" + no + "'");
		assertThat(values).as("payout task " + no).hasSize(1);
		return values.get(0);
	}

	static long count(String sql) throws Exception {
		return Long.parseLong(rows(sql).get(0));
	}

	static List<String> rows(String sql) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection db = system().ledgerDb();
				Statement s = db.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		return rows;
	}

}
