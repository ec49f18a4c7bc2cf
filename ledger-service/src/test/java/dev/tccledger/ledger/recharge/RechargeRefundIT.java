package dev.tccledger.ledger.recharge;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelEventHandler.HandlingResult;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.SimulatorCallbacks;
import dev.tccledger.ledger.finance.FinanceService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.outbound.OutboundStatus;
import dev.tccledger.ledger.outbound.OutboundTask;
import dev.tccledger.ledger.outbound.OutboundWorker;
import dev.tccledger.ledger.support.HttpCalls;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.ScriptedChannel;
import dev.tccledger.ledger.support.Tokens;
import dev.tccledger.ledger.transfer.TransferService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static dev.tccledger.ledger.support.ScriptedChannel.failed;
import static dev.tccledger.ledger.support.ScriptedChannel.fails;
import static dev.tccledger.ledger.support.ScriptedChannel.processing;
import static dev.tccledger.ledger.support.ScriptedChannel.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refunds of recharges on MariaDB against a channel the test scripts: the hold and every
 * refusal (each changes nothing), every way the channel answers the worker or calls back,
 * the operator's resolution, and refunds racing for the last refundable unit. The books
 * reconcile after each.
 */
@Import(ScriptedChannel.class)
@TestPropertySource(properties = { "ledger.channels.sim.client=fake", "ledger.recharges.period-ms=3600000",
		"ledger.withdrawals.max-attempts=3", "ledger.withdrawals.first-query-ms=60000" })
class RechargeRefundIT extends LedgerITBase {

	static final Actor WALLET_APP = Actor.of("wallet-app");

	static final long PAID = 1000;

	@Autowired
	RechargeService recharges;

	@Autowired
	RechargeRefundService refunds;

	@Autowired
	TransferService transfers;

	@Autowired
	OutboundWorker worker;

	@Autowired
	ScriptedChannel channel;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@BeforeEach
	void clean() {
		this.channel.reset();
		// each test steps only its own task: park what earlier tests left due
		this.jdbc.update("UPDATE recharge_refund_task SET next_attempt_at = NULL");
	}

	@AfterEach
	void books() {
		assertBooksBalance();
	}

	// --- the hold ---

	@Test
	void aRefundHoldsTheAmountAndRecordsItsTaskInOneTransaction() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = unique("rf");
		RechargeRefundService.Requested first = this.refunds.request(recharge, no, 400, WALLET_APP);

		assertThat(first.created()).isTrue();
		RechargeRefund refund = first.refund();
		assertThat(refund.status()).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(refund.accountId()).isEqualTo(alice.getAccountId());
		assertThat(refund.channel()).isEqualTo(ScriptedChannel.NAME);
		assertThat(refund.requestedBy()).isEqualTo("wallet-app");
		assertBalances(alice, 600, 400);
		assertThat(this.jdbc.queryForMap("SELECT kind, actor, created_by FROM journal_tx WHERE reference = ?", no))
			.containsEntry("kind", "RECHARGE_REFUND_HOLD")
			.containsEntry("actor", "wallet-app")
			.containsEntry("created_by", "API");
		OutboundTask task = this.refunds.task(no);
		assertThat(task.nextStep()).isEqualTo(OutboundTask.Step.SUBMIT);
		assertThat(task.nextAttemptAt()).isNotNull();
		assertThat(this.finance.summary("CNY").inFlight().refunds().count()).isPositive();
		assertThat(this.finance.summary("CNY").inFlight().refunds().amount()).isGreaterThanOrEqualTo(400);

		RechargeRefundService.Requested replay = this.refunds.request(recharge, no, 400, WALLET_APP);
		assertThat(replay.created()).isFalse();
		assertBalances(alice, 600, 400);
		assertThat(journalTxCount(no)).isEqualTo(1);
	}

	@Test
	void theHttpApiAnswersAsDocumented() throws Exception {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String app = Tokens.ISSUER.token("wallet-app", "ledger:accounts");
		String no = unique("rf");
		String path = "/api/v1/recharges/" + recharge + "/refunds";
		String body = "{\"refundNo\":\"" + no + "\",\"amount\":300}";

		HttpResponse<String> accepted = send(app, "POST", path, body);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"refundNo\":\"" + no + "\",\"rechargeNo\":\"" + recharge
				+ "\",\"amount\":300,\"status\":\"PROCESSING\"}");
		assertThat(send(app, "POST", path, body).statusCode()).isEqualTo(200);
		HttpResponse<String> conflict = send(app, "POST", path, body.replace("300", "301"));
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("IDEMPOTENCY_CONFLICT");
		HttpResponse<String> tooMuch = send(app, "POST", path, "{\"refundNo\":\"" + no + "-2\",\"amount\":701}");
		assertThat(tooMuch.statusCode()).isEqualTo(422);
		assertThat(tooMuch.body()).contains("REFUND_EXCEEDS_PAID");
		assertThat(send(app, "POST", path, "{\"refundNo\":\"" + no + "-3\"}").statusCode()).isEqualTo(400);

		HttpResponse<String> read = send(app, "GET", path + "/" + no, null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body())
			.startsWith("{\"refundNo\":\"" + no + "\",\"rechargeNo\":\"" + recharge + "\",\"accountId\":\""
					+ alice.getAccountId() + "\",\"amount\":300,\"status\":\"PROCESSING\"")
			.contains("\"reason\":null", "\"attempts\":0", "\"createdAt\":", "\"updatedAt\":");
		assertThat(send(app, "GET", path + "/" + unique("rf"), null).statusCode()).isEqualTo(404);
		// a refund is found only under its own recharge
		String other = paidRecharge(alice, 10);
		assertThat(send(app, "GET", "/api/v1/recharges/" + other + "/refunds/" + no, null).statusCode()).isEqualTo(404);
		assertThat(send(Tokens.ISSUER.token("wallet-app", "ledger:pay"), "GET", path + "/" + no, null).statusCode())
			.isEqualTo(403);

		String finance = Tokens.ISSUER.token("finance.dan", "finance:read");
		HttpResponse<String> listed = send(finance, "GET", "/api/v1/finance/recharge-refunds?status=PROCESSING", null);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("\"refundNo\":\"" + no + "\"", "\"requestedBy\":\"wallet-app\"");
		assertThat(send(finance, "GET", "/api/v1/finance/summary?currency=CNY", null).body())
			.contains("\"withdrawals\":{\"count\":", "\"refunds\":{\"count\":");
	}

	// --- refusals change nothing ---

	@Test
	void spentMoneyIsNotRefunded() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		Account shop = merchant("CNY");
		this.transfers.transfer(unique("t"), alice.getAccountId(), shop.getAccountId(), 800, WALLET_APP);

		assertRefused(alice, recharge, 500, LedgerError.INSUFFICIENT_FUNDS, 200);
		// what is left can still be refunded
		this.refunds.request(recharge, unique("rf"), 200, WALLET_APP);
		assertBalances(alice, 0, 200);
	}

	@Test
	void noMoreThanTheRechargePaidIsEverRefunding() {
		Account alice = customerWithAvailable("CNY", 5000);
		String recharge = paidRecharge(alice, PAID);
		this.refunds.request(recharge, unique("rf"), 600, WALLET_APP);

		assertRefused(alice, recharge, 401, LedgerError.REFUND_EXCEEDS_PAID, 5400);
		assertRefused(alice, recharge, PAID + 1, LedgerError.REFUND_EXCEEDS_PAID, 5400);
		this.refunds.request(recharge, unique("rf"), 400, WALLET_APP);
		assertRefused(alice, recharge, 1, LedgerError.REFUND_EXCEEDS_PAID, 5000);
	}

	@Test
	void aRechargeThatWasNotPaidCannotBeRefunded() {
		Account alice = customerWithAvailable("CNY", 5000);
		String pending = unique("r");
		this.recharges.create(pending, alice.getAccountId(), PAID, WALLET_APP);
		assertThat(this.recharges.get(pending).status()).isEqualTo(RechargeStatus.PENDING);
		assertRefused(alice, pending, 100, LedgerError.RECHARGE_NOT_SETTLED, 5000);

		String declined = unique("r");
		this.recharges.create(declined, alice.getAccountId(), PAID, WALLET_APP);
		assertThat(paymentCallback(declined, PAID, ChannelStatus.FAILED)).isEqualTo(HandlingResult.SETTLED);
		assertRefused(alice, declined, 100, LedgerError.RECHARGE_NOT_SETTLED, 5000);

		assertRefused(alice, unique("r-unknown"), 100, LedgerError.NOT_FOUND, 5000);
	}

	@Test
	void aRefundNumberUsedForAnotherRefundConflicts() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String other = paidRecharge(alice, PAID);
		String no = unique("rf");
		this.refunds.request(recharge, no, 100, WALLET_APP);
		int refundsBefore = refundRows();

		for (Runnable conflicting : List.<Runnable>of(() -> this.refunds.request(recharge, no, 101, WALLET_APP),
				() -> this.refunds.request(other, no, 100, WALLET_APP))) {
			assertThatThrownBy(conflicting::run).isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT));
		}
		assertThat(refundRows()).isEqualTo(refundsBefore);
		assertThat(this.refunds.get(recharge, no).amount()).isEqualTo(100);
		assertThat(journalTxCount(no)).isEqualTo(1);
		assertBalances(alice, 1900, 100);
	}

	// --- the channel's word ---

	@Test
	void aSuccessByCallbackCapturesOnceWhateverArrivesTwiceOrLate() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 400);
		long clearingBefore = clearing();

		step(no);
		assertThat(this.channel.creates(no)).isEqualTo(1);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(this.refunds.task(no).nextStep()).isEqualTo(OutboundTask.Step.QUERY);

		assertThat(callback(no, 400, ChannelStatus.PROCESSING, null)).isEqualTo(HandlingResult.NOT_FINAL);
		assertThat(callback(no, 400, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.SETTLED);
		assertCaptured(alice, no, 400, clearingBefore);
		assertThat(this.refunds.get(recharge, no).settledBy()).isEqualTo("channel-callback");
		assertThat(this.refunds.get(recharge, no).channelTxId()).isEqualTo("rf_" + no);

		// redelivered, contradicted, and the worker's late query: nothing moves again
		assertThat(callback(no, 400, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.ALREADY_SETTLED);
		assertThat(callback(no, 400, ChannelStatus.FAILED, "LATE")).isEqualTo(HandlingResult.REJECTED);
		assertThat(this.refunds.get(recharge, no).flag()).contains("CHANNEL_FAILED after SUCCEEDED");
		assertThat(this.refunds.task(no).nextAttemptAt()).isNull();
		assertThat(this.worker.runOnce("late-worker")).isZero();
		assertCaptured(alice, no, 400, clearingBefore);
	}

	@Test
	void aSignedRefundCallbackReachesTheRefundThroughTheChannelsDoor() throws Exception {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 250);
		long clearingBefore = clearing();
		String event = "{\"eventId\":\"" + unique("evt") + "\",\"type\":\"REFUND\",\"channelTxId\":\"rf_" + no
				+ "\",\"reference\":\"" + no + "\",\"amount\":250,\"currency\":\"CNY\",\"status\":\"SUCCEEDED\","
				+ "\"reason\":null,\"occurredAt\":\"" + Instant.now() + "\"}";
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String signature = HexFormat.of()
			.formatHex(new SimulatorCallbacks("sim-ledger-callback-secret", java.time.Duration.ofMinutes(5))
				.sign(timestamp, event.getBytes(StandardCharsets.UTF_8)));
		HttpResponse<String> answered = HttpCalls.send(this.port, null, "POST", "/api/v1/channels/sim/notifications",
				event, Map.of("X-Channel-Timestamp", timestamp, "X-Channel-Signature", signature));
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		assertCaptured(alice, no, 250, clearingBefore);
		assertThat(this.jdbc.queryForObject("SELECT operation FROM channel_callback WHERE reference = ?", String.class,
				no))
			.isEqualTo("REFUND");
	}

	@Test
	void aSuccessByQueryCapturesWhenTheCallbackNeverComes() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 400);
		long clearingBefore = clearing();
		double callsBefore = refundCalls("QUERY", "SUCCEEDED");

		this.channel.onCreate(processing());
		step(no);
		assertThat(this.refunds.task(no).nextAttemptAt()).isAfter(Times.nowUtc().plusSeconds(25));
		this.channel.onQuery(processing(), succeeded());
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		step(no);
		assertThat(this.channel.queries(no)).isEqualTo(2);
		assertCaptured(alice, no, 400, clearingBefore);
		RechargeRefund settled = this.refunds.get(recharge, no);
		assertThat(settled.settledBy()).isEqualTo("refund-worker");
		assertThat(refundCalls("QUERY", "SUCCEEDED")).isEqualTo(callsBefore + 1);
	}

	@Test
	void aFailureReleasesOnceWithTheChannelsReasonAndFreesTheRefundable() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, PAID);

		this.channel.onCreate(failed("PAYMENT_CLOSED"));
		step(no);
		assertReleased(alice, no, "PAYMENT_CLOSED");

		assertThat(callback(no, PAID, ChannelStatus.FAILED, "PAYMENT_CLOSED"))
			.isEqualTo(HandlingResult.ALREADY_SETTLED);
		assertThat(callback(no, PAID, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.REJECTED);
		assertThat(this.refunds.get(recharge, no).flag()).contains("CHANNEL_SUCCEEDED after FAILED");
		assertReleased(alice, no, "PAYMENT_CLOSED");

		// a failed refund holds nothing: the whole amount can be refunded again
		String again = request(recharge, PAID);
		assertBalances(alice, 0, PAID);
		assertThat(status(again)).isEqualTo(OutboundStatus.PROCESSING);
	}

	@Test
	void aRefusedCreateFailsAndReleasesWithTheChannelsCode() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);
		this.channel.onCreate(fails(ChannelCallFailure.Kind.REFUSED, "REFUND_EXCEEDS_PAID"));
		step(no);
		assertReleased(alice, no, "REFUND_EXCEEDS_PAID");
	}

	@Test
	void aCallbackForAnotherAmountOrAnUnknownRefundChangesNothing() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);
		assertThat(callback(no, 299, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.REJECTED);
		assertThat(callback(unique("rf-unknown"), 300, ChannelStatus.SUCCEEDED, null))
			.isEqualTo(HandlingResult.REJECTED);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertBalances(alice, 700, 300);
		assertThat(journalTxCount(no)).isEqualTo(1);
	}

	// --- no answer ---

	@Test
	void aTimeoutKeepsTheHoldAndTheQuerySettlesIt() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);

		this.channel.onCreate(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null));
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertBalances(alice, 700, 300);
		OutboundTask task = this.refunds.task(no);
		assertThat(task.nextStep()).isEqualTo(OutboundTask.Step.QUERY);
		assertThat(task.nextAttemptAt()).isBefore(Times.nowUtc().plusSeconds(61));
		assertThat(task.failedCalls()).isEqualTo(1);

		this.channel.onQuery(failed("PAYMENT_CLOSED"));
		step(no);
		assertThat(this.channel.creates(no)).isEqualTo(1);
		assertReleased(alice, no, "PAYMENT_CLOSED");
	}

	@Test
	void callsWithoutAnswerEndWithAPersonWhoResolvesItAndIsRecorded() throws Exception {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);
		long clearingBefore = clearing();
		long attentionBefore = this.finance.summary("CNY").inFlight().needsAttention();
		this.channel.onCreate(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null));
		this.channel.onQuery(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null),
				fails(ChannelCallFailure.Kind.NOT_SENT, null));
		step(no);
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		step(no);

		RechargeRefund stuck = this.refunds.get(recharge, no);
		assertThat(stuck.status()).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		assertThat(stuck.reason()).startsWith("RETRIES_EXHAUSTED");
		assertBalances(alice, 700, 300);
		OutboundTask task = this.refunds.task(no);
		assertThat(task.attempts()).isEqualTo(3);
		assertThat(task.answers()).contains("SUBMIT OUTCOME_UNKNOWN", "QUERY OUTCOME_UNKNOWN", "QUERY NOT_SENT");
		assertThat(task.nextAttemptAt()).isNull();
		assertThat(this.refunds.list(OutboundStatus.NEEDS_ATTENTION, 500)).extracting(RechargeRefund::refundNo)
			.contains(no);
		assertThat(this.finance.summary("CNY").inFlight().needsAttention()).isEqualTo(attentionBefore + 1);
		assertBooksBalance();

		String finance = Tokens.ISSUER.token("finance.dan", "finance:read");
		assertThat(send(finance, "GET", "/api/v1/finance/recharge-refunds", null).body())
			.contains("\"refundNo\":\"" + no + "\"", "\"attempts\":3", "QUERY NOT_SENT");
		String operator = Tokens.ISSUER.token("finance.carol", "finance:operate");
		assertThat(resolve(finance, recharge, no, "SUCCEEDED").statusCode()).isEqualTo(403);
		assertThat(resolve(operator, recharge, no, "MAYBE").statusCode()).isEqualTo(400);
		assertThat(status(no)).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		HttpResponse<String> resolved = resolve(operator, recharge, no, "SUCCEEDED");
		assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
		assertThat(resolved.body()).contains("\"status\":\"SUCCEEDED\"", "\"attempts\":3");
		RechargeRefund settled = this.refunds.get(recharge, no);
		assertThat(settled.settledBy()).isEqualTo("finance.carol");
		assertThat(settled.resolutionNote()).isEqualTo("checked with the channel");
		assertThat(this.jdbc.queryForMap(
				"SELECT actor, created_by FROM journal_tx WHERE reference = ? AND kind = 'RECHARGE_REFUND_CAPTURE'",
				no))
			.containsEntry("actor", "finance.carol")
			.containsEntry("created_by", "OPERATOR");
		assertCaptured(alice, no, 300, clearingBefore);

		HttpResponse<String> again = resolve(operator, recharge, no, "FAILED");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("REFUND_NOT_NEEDS_ATTENTION");
		String processing = request(recharge, 100);
		assertThat(resolve(operator, recharge, processing, "FAILED").statusCode()).isEqualTo(409);
		assertThat(status(processing)).isEqualTo(OutboundStatus.PROCESSING);
	}

	@Test
	void aRefundProcessingPastTheLimitGoesToAPersonAndTheChannelsWordStillCounts() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);
		long clearingBefore = clearing();
		step(no);
		this.jdbc.update("UPDATE recharge_refund_task SET first_sent_at = ? WHERE refund_no = ?",
				Times.nowUtc().minusHours(2), no);
		step(no);
		RechargeRefund stuck = this.refunds.get(recharge, no);
		assertThat(stuck.status()).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		assertThat(stuck.reason()).startsWith("PROCESSING_TOO_LONG");
		assertBalances(alice, 700, 300);

		assertThat(callback(no, 300, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.SETTLED);
		assertCaptured(alice, no, 300, clearingBefore);
	}

	// --- I7 ---

	/**
	 * channel_operations_posted counts refunds too: a capture of a refund the channel
	 * failed is named, and the books are whole again once it is gone.
	 */
	@Test
	void aCaptureOfARefundThatFailedIsNamedByTheReconciliation() {
		Account alice = customerWithAvailable("CNY", 0);
		String recharge = paidRecharge(alice, PAID);
		String no = request(recharge, 300);
		this.channel.onCreate(failed("PAYMENT_CLOSED"));
		step(no);
		assertReleased(alice, no, "PAYMENT_CLOSED");

		this.jdbc.update(
				"INSERT INTO journal_tx (kind, currency, reference, created_by, actor, created_at)"
						+ " VALUES ('RECHARGE_REFUND_CAPTURE', 'CNY', ?, 'TAMPERED', 'tampering-test', ?)",
				no, Times.nowUtc());
		try {
			FinanceService.Check posted = this.finance.reconcile()
				.checks()
				.stream()
				.filter((c) -> c.name().equals("channel_operations_posted"))
				.findFirst()
				.orElseThrow();
			assertThat(posted.ok()).isFalse();
			assertThat(posted.detail())
				.contains("recharge_refund " + no + " FAILED RECHARGE_REFUND_CAPTURE (is 1, expected 0)");
		}
		finally {
			this.jdbc.update("DELETE FROM journal_tx WHERE reference = ? AND created_by = 'TAMPERED'", no);
		}
	}

	// --- races ---

	@Test
	void refundsRacingForTheLastUnitsHoldNoMoreThanWasPaid() throws Exception {
		Account alice = customerWithAvailable("CNY", 100);
		String recharge = paidRecharge(alice, 5);
		int racers = 20;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		List<Future<LedgerError>> outcomes = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int i = 0; i < racers; i++) {
				String no = unique("rf-race");
				outcomes.add(pool.submit(() -> {
					start.await();
					try {
						this.refunds.request(recharge, no, 1, WALLET_APP);
						return null;
					}
					catch (LedgerException refused) {
						return refused.error();
					}
				}));
			}
			start.countDown();
			int held = 0;
			int exceeded = 0;
			for (Future<LedgerError> outcome : outcomes) {
				LedgerError error = outcome.get();
				if (error == null) {
					held++;
				}
				else {
					assertThat(error).isEqualTo(LedgerError.REFUND_EXCEEDS_PAID);
					exceeded++;
				}
			}
			assertThat(held).isEqualTo(5);
			assertThat(exceeded).isEqualTo(racers - 5);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT COALESCE(SUM(amount), 0) FROM recharge_refund WHERE recharge_no = ?", Long.class, recharge))
			.isEqualTo(5);
		assertBalances(alice, 100, 5);
	}

	// --- helpers ---

	/** A recharge the channel paid: its callback credited the account. */
	String paidRecharge(Account account, long amount) {
		String no = unique("r");
		this.recharges.create(no, account.getAccountId(), amount, WALLET_APP);
		assertThat(paymentCallback(no, amount, ChannelStatus.SUCCEEDED)).isEqualTo(HandlingResult.SETTLED);
		return no;
	}

	HandlingResult paymentCallback(String rechargeNo, long amount, ChannelStatus status) {
		return this.recharges.handle(ScriptedChannel.notification(ChannelOperation.PAYMENT, rechargeNo, amount, status,
				(status == ChannelStatus.FAILED) ? "PAYER_DECLINED" : null));
	}

	String request(String rechargeNo, long amount) {
		String no = unique("rf");
		this.refunds.request(rechargeNo, no, amount, WALLET_APP);
		return no;
	}

	/** Makes the task due now and runs one worker pass: exactly this task is stepped. */
	void step(String no) {
		this.jdbc.update(
				"UPDATE recharge_refund_task SET next_attempt_at = ? WHERE refund_no = ? AND next_attempt_at IS NOT NULL",
				Times.nowUtc().minusSeconds(1), no);
		this.worker.runOnce("test-worker");
	}

	HandlingResult callback(String no, long amount, ChannelStatus status, String reason) {
		return this.refunds.handle(ScriptedChannel.notification(ChannelOperation.REFUND, no, amount, status, reason));
	}

	OutboundStatus status(String no) {
		return this.refunds.find(no).status();
	}

	int refundRows() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM recharge_refund", Integer.class)
				+ this.jdbc.queryForObject("SELECT COUNT(*) FROM recharge_refund_task", Integer.class);
	}

	long clearing() {
		return clearing(ScriptedChannel.NAME, "CNY");
	}

	double refundCalls(String step, String outcome) {
		var counter = this.meters.find("ledger.refunds.calls").tags("step", step, "outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	void assertBalances(Account account, long available, long frozen) {
		Account now = account(account.getAccountId());
		assertThat(now.getAvailable()).as("available").isEqualTo(available);
		assertThat(now.getFrozen()).as("frozen").isEqualTo(frozen);
	}

	/**
	 * A refused request: no refund row or task, no journal transaction, the account as it
	 * was.
	 */
	void assertRefused(Account account, String rechargeNo, long amount, LedgerError expected, long available) {
		Account before = account(account.getAccountId());
		int rowsBefore = refundRows();
		String no = unique("rf-refused");
		assertThatThrownBy(() -> this.refunds.request(rechargeNo, no, amount, WALLET_APP))
			.isInstanceOfSatisfying(LedgerException.class, (ex) -> assertThat(ex.error()).isEqualTo(expected));
		assertThat(refundRows()).isEqualTo(rowsBefore);
		assertThat(journalTxCount(no)).isZero();
		assertBalances(account, available, before.getFrozen());
	}

	void assertCaptured(Account account, String no, long amount, long clearingBefore) {
		assertThat(status(no)).isEqualTo(OutboundStatus.SUCCEEDED);
		assertThat(account(account.getAccountId()).getFrozen()).isZero();
		assertThat(account(account.getAccountId()).getAvailable()).isEqualTo(PAID - amount);
		assertThat(clearing() - clearingBefore).isEqualTo(amount);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM journal_tx WHERE reference = ? AND kind = 'RECHARGE_REFUND_CAPTURE'",
				Integer.class, no))
			.isEqualTo(1);
		assertThat(journalTxCount(no)).isEqualTo(2);
		assertThat(this.refunds.task(no).nextAttemptAt()).isNull();
	}

	void assertReleased(Account account, String no, String reason) {
		assertThat(status(no)).isEqualTo(OutboundStatus.FAILED);
		assertThat(this.refunds.find(no)).isNotNull();
		assertThat(this.jdbc.queryForObject("SELECT reason FROM recharge_refund WHERE refund_no = ?", String.class, no))
			.isEqualTo(reason);
		assertBalances(account, PAID, 0);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM journal_tx WHERE reference = ? AND kind = 'RECHARGE_REFUND_RELEASE'",
				Integer.class, no))
			.isEqualTo(1);
		assertThat(journalTxCount(no)).isEqualTo(2);
		assertThat(this.refunds.task(no).nextAttemptAt()).isNull();
	}

	HttpResponse<String> resolve(String token, String rechargeNo, String no, String outcome) throws Exception {
		return send(token, "POST", "/api/v1/recharges/" + rechargeNo + "/refunds/" + no + "/resolution",
				"{\"outcome\":\"" + outcome + "\",\"note\":\"checked with the channel\"}");
	}

	HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
		return HttpCalls.send(this.port, token, method, path, body, Map.of());
	}

}
