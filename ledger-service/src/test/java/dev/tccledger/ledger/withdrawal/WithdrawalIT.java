package dev.tccledger.ledger.withdrawal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.outbound.OutboundStatus;
import dev.tccledger.ledger.outbound.OutboundTask;
import dev.tccledger.ledger.outbound.OutboundWorker;
import dev.tccledger.ledger.support.HttpCalls;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.ScriptedChannel;
import dev.tccledger.ledger.support.Tokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static dev.tccledger.ledger.support.ScriptedChannel.failed;
import static dev.tccledger.ledger.support.ScriptedChannel.fails;
import static dev.tccledger.ledger.support.ScriptedChannel.notFound;
import static dev.tccledger.ledger.support.ScriptedChannel.processing;
import static dev.tccledger.ledger.support.ScriptedChannel.succeeded;
import static dev.tccledger.ledger.support.ScriptedChannel.succeededFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Withdrawals on MariaDB against a channel the test scripts: the hold, every way the
 * channel answers the worker (or does not), every way its callbacks arrive, the
 * operator's resolution, and two workers racing for one task. The books reconcile after
 * each.
 */
@Import(ScriptedChannel.class)
@TestPropertySource(properties = { "ledger.channels.sim.client=fake", "ledger.withdrawals.max-attempts=3",
		"ledger.withdrawals.first-query-ms=60000" })
class WithdrawalIT extends LedgerITBase {

	static final Actor ALICE_APP = Actor.of("wallet-app");

	@Autowired
	WithdrawalService withdrawals;

	@Autowired
	OutboundWorker worker;

	@Autowired
	ScriptedChannel channel;

	@LocalServerPort
	int port;

	@BeforeEach
	void clean() {
		this.channel.reset();
		// each test steps only its own task: park what earlier tests left due
		this.jdbc.update("UPDATE payout_task SET next_attempt_at = NULL");
	}

	@AfterEach
	void books() {
		assertBooksBalance();
	}

	// --- the hold ---

	@Test
	void aWithdrawalHoldsTheAmountAndRecordsItsTaskInOneTransaction() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = unique("w");
		WithdrawalService.Requested first = this.withdrawals.request(no, alice.getAccountId(), 3000, "wallet:alice",
				ALICE_APP);

		assertThat(first.created()).isTrue();
		assertThat(first.withdrawal().status()).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(7000);
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		assertThat(this.jdbc.queryForMap("SELECT kind, actor, created_by FROM journal_tx WHERE reference = ?", no))
			.containsEntry("kind", "WITHDRAWAL_HOLD")
			.containsEntry("actor", "wallet-app");
		OutboundTask task = this.withdrawals.task(no);
		assertThat(task.nextStep()).isEqualTo(OutboundTask.Step.SUBMIT);
		assertThat(task.nextAttemptAt()).isNotNull();
		assertThat(task.attempts()).isZero();
		assertThat(this.finance.summary("CNY").inFlight().withdrawals().count()).isPositive();

		WithdrawalService.Requested replay = this.withdrawals.request(no, alice.getAccountId(), 3000, "wallet:alice",
				ALICE_APP);
		assertThat(replay.created()).isFalse();
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		assertThatThrownBy(() -> this.withdrawals.request(no, alice.getAccountId(), 3001, "wallet:alice", ALICE_APP))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT));
		assertThat(journalTxCount(no)).isEqualTo(1);
	}

	@Test
	void insufficientFundsWritesNothing() {
		Account alice = customerWithAvailable("CNY", 1000);
		String no = unique("w");
		assertThatThrownBy(() -> this.withdrawals.request(no, alice.getAccountId(), 3000, "wallet:alice", ALICE_APP))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS));
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM withdrawal WHERE withdrawal_no = ?", Integer.class, no))
			.isZero();
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM payout_task WHERE withdrawal_no = ?", Integer.class, no))
			.isZero();
		assertThat(journalTxCount(no)).isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(1000);
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
	}

	@Test
	void theHttpApiAnswersAsDocumented() throws Exception {
		Account alice = customerWithAvailable("CNY", 5000);
		String app = Tokens.ISSUER.token("wallet-app", "ledger:accounts");
		String no = unique("w");
		String body = "{\"withdrawalNo\":\"" + no + "\",\"accountId\":\"" + alice.getAccountId()
				+ "\",\"amount\":3000,\"destination\":\"wallet:alice\"}";
		HttpResponse<String> accepted = send(app, "POST", "/api/v1/withdrawals", body);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"withdrawalNo\":\"" + no + "\",\"accountId\":\"" + alice.getAccountId()
				+ "\",\"amount\":3000,\"status\":\"PROCESSING\"}");
		assertThat(this.jdbc.queryForObject("SELECT actor FROM journal_tx WHERE reference = ?", String.class, no))
			.isEqualTo("wallet-app");
		assertThat(this.withdrawals.get(no).requestedBy()).isEqualTo("wallet-app");

		assertThat(send(app, "POST", "/api/v1/withdrawals", body).statusCode()).isEqualTo(200);
		HttpResponse<String> conflict = send(app, "POST", "/api/v1/withdrawals", body.replace("3000", "3001"));
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("IDEMPOTENCY_CONFLICT");
		HttpResponse<String> poor = send(app, "POST", "/api/v1/withdrawals",
				body.replace(no, no + "-2").replace("3000", "2001"));
		assertThat(poor.statusCode()).isEqualTo(422);
		assertThat(poor.body()).contains("INSUFFICIENT_FUNDS");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM withdrawal WHERE withdrawal_no = ?", Integer.class,
				no + "-2"))
			.isZero();

		HttpResponse<String> read = send(app, "GET", "/api/v1/withdrawals/" + no, null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("\"status\":\"PROCESSING\"", "\"reason\":null", "\"attempts\":0",
				"\"createdAt\":", "\"updatedAt\":");
		assertThat(send(app, "GET", "/api/v1/withdrawals/" + unique("w"), null).statusCode()).isEqualTo(404);
		String finance = Tokens.ISSUER.token("finance.dan", "finance:read");
		assertThat(send(finance, "GET", "/api/v1/finance/summary?currency=CNY", null).body())
			.contains("\"inFlight\":{\"recharges\":{\"count\":", "\"withdrawals\":{\"count\":");
	}

	// --- the channel's word ---

	@Test
	void aSuccessCapturesOnceWhateverArrivesTwiceOrLate() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		long clearingBefore = clearing();

		this.channel.onCreate(processing());
		step(no);
		assertThat(this.channel.creates(no)).isEqualTo(1);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(this.withdrawals.task(no).nextStep()).isEqualTo(OutboundTask.Step.QUERY);

		assertThat(callback(no, 3000, ChannelStatus.PROCESSING, null)).isEqualTo(HandlingResult.NOT_FINAL);
		assertThat(callback(no, 3000, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.SETTLED);
		assertCaptured(alice, no, clearingBefore);

		// redelivered, contradicted, and the worker's late query: nothing moves again
		assertThat(callback(no, 3000, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.ALREADY_SETTLED);
		assertThat(callback(no, 3000, ChannelStatus.FAILED, "LATE")).isEqualTo(HandlingResult.REJECTED);
		assertThat(this.withdrawals.get(no).flag()).contains("CHANNEL_FAILED after SUCCEEDED");
		assertThat(this.withdrawals.task(no).nextAttemptAt()).isNull();
		assertThat(this.worker.runOnce("late-worker")).isZero();
		assertCaptured(alice, no, clearingBefore);
	}

	@Test
	void aFailureReleasesOnceWithTheChannelsReason() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);

		this.channel.onCreate(failed("INSUFFICIENT_BALANCE_AT_CHANNEL"));
		step(no);
		assertReleased(alice, no, "INSUFFICIENT_BALANCE_AT_CHANNEL");

		assertThat(callback(no, 3000, ChannelStatus.FAILED, "INSUFFICIENT_BALANCE_AT_CHANNEL"))
			.isEqualTo(HandlingResult.ALREADY_SETTLED);
		assertThat(callback(no, 3000, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.REJECTED);
		assertReleased(alice, no, "INSUFFICIENT_BALANCE_AT_CHANNEL");
	}

	@Test
	void aRefusedCreateFailsAndReleasesWithTheChannelsCode() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		this.channel.onCreate(fails(ChannelCallFailure.Kind.REFUSED, "DESTINATION_INVALID"));
		step(no);
		assertReleased(alice, no, "DESTINATION_INVALID");
	}

	@Test
	void aCallbackForAnotherAmountOrAnUnknownWithdrawalChangesNothing() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		assertThat(callback(no, 2999, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.REJECTED);
		assertThat(callback(unique("w-unknown"), 3000, ChannelStatus.SUCCEEDED, null))
			.isEqualTo(HandlingResult.REJECTED);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		assertThat(journalTxCount(no)).isEqualTo(1);
	}

	// --- no answer ---

	@Test
	void aTimeoutNeverReleasesAndTheQueryFindsTheSuccess() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		long clearingBefore = clearing();

		this.channel.onCreate(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null));
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		OutboundTask task = this.withdrawals.task(no);
		assertThat(task.nextStep()).isEqualTo(OutboundTask.Step.QUERY);
		assertThat(task.nextAttemptAt()).isBefore(Times.nowUtc().plusSeconds(61));
		assertThat(task.failedCalls()).isEqualTo(1);

		this.channel.onQuery(succeeded());
		step(no);
		assertThat(this.channel.queries(no)).isEqualTo(1);
		assertThat(this.channel.creates(no)).isEqualTo(1);
		assertCaptured(alice, no, clearingBefore);
		assertThat(this.withdrawals.task(no).attempts()).isEqualTo(2);
	}

	@Test
	void aCreateThatNeverArrivedIsSentAgainWithTheSameNumber() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		long clearingBefore = clearing();

		this.channel.onCreate(fails(ChannelCallFailure.Kind.NOT_SENT, null));
		step(no);
		OutboundTask afterNotSent = this.withdrawals.task(no);
		assertThat(afterNotSent.nextStep()).isEqualTo(OutboundTask.Step.SUBMIT);
		assertThat(afterNotSent.firstSentAt()).isNull();

		// an unknown outcome whose query shows the channel never got it: sent again
		this.channel.onCreate(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null), succeeded());
		step(no);
		this.channel.onQuery(notFound());
		step(no);
		assertThat(this.withdrawals.task(no).nextStep()).isEqualTo(OutboundTask.Step.SUBMIT);
		step(no);
		assertThat(this.channel.creates(no)).isEqualTo(3);
		assertCaptured(alice, no, clearingBefore);
	}

	@Test
	void aPayoutWhoseCallbackNeverComesIsSettledByQuery() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		this.channel.onCreate(processing());
		step(no);
		assertThat(this.withdrawals.task(no).nextAttemptAt()).isAfter(Times.nowUtc().plusSeconds(25));
		this.channel.onQuery(processing(), failed("ACCOUNT_CLOSED"));
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		step(no);
		assertReleased(alice, no, "ACCOUNT_CLOSED");
	}

	@Test
	void callsWithoutAnswerEndWithAPersonWhoResolvesIt() throws Exception {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		this.channel.onCreate(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null));
		this.channel.onQuery(fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null),
				fails(ChannelCallFailure.Kind.NOT_SENT, null));
		step(no);
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.PROCESSING);
		step(no);

		Withdrawal stuck = this.withdrawals.get(no);
		assertThat(stuck.status()).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		assertThat(stuck.reason()).startsWith("RETRIES_EXHAUSTED");
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		OutboundTask task = this.withdrawals.task(no);
		assertThat(task.attempts()).isEqualTo(3);
		assertThat(task.answers()).contains("SUBMIT OUTCOME_UNKNOWN", "QUERY OUTCOME_UNKNOWN", "QUERY NOT_SENT");
		assertThat(task.nextAttemptAt()).isNull();
		assertBooksBalance();

		String operator = Tokens.ISSUER.token("finance.carol", "finance:operate");
		String wrongScope = Tokens.ISSUER.token("finance.carol", "finance:read");
		assertThat(resolve(wrongScope, no, "FAILED").statusCode()).isEqualTo(403);
		assertThat(resolve(operator, no, "MAYBE").statusCode()).isEqualTo(400);
		HttpResponse<String> resolved = resolve(operator, no, "FAILED");
		assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
		assertThat(resolved.body()).contains("\"status\":\"FAILED\"", "\"attempts\":3");
		Withdrawal settled = this.withdrawals.get(no);
		assertThat(settled.settledBy()).isEqualTo("finance.carol");
		assertThat(settled.resolutionNote()).isEqualTo("checked with the channel");
		assertThat(this.jdbc.queryForObject(
				"SELECT actor FROM journal_tx WHERE reference = ? AND kind = 'WITHDRAWAL_RELEASE'", String.class, no))
			.isEqualTo("finance.carol");
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(10_000);

		HttpResponse<String> again = resolve(operator, no, "SUCCEEDED");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("WITHDRAWAL_NOT_NEEDS_ATTENTION");
		String processing = request(alice, 100);
		assertThat(resolve(operator, processing, "FAILED").statusCode()).isEqualTo(409);
		assertThat(journalTxCount(no)).isEqualTo(2);
	}

	@Test
	void aPayoutProcessingPastTheLimitGoesToAPerson() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		step(no);
		this.jdbc.update("UPDATE payout_task SET first_sent_at = ? WHERE withdrawal_no = ?",
				Times.nowUtc().minusHours(2), no);
		step(no);
		Withdrawal w = this.withdrawals.get(no);
		assertThat(w.status()).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		assertThat(w.reason()).startsWith("PROCESSING_TOO_LONG");
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		assertThat(this.withdrawals.list(OutboundStatus.NEEDS_ATTENTION, 500)).extracting(Withdrawal::withdrawalNo)
			.contains(no);

		// the channel's word still counts while a person has not acted
		assertThat(callback(no, 3000, ChannelStatus.SUCCEEDED, null)).isEqualTo(HandlingResult.SETTLED);
		assertThat(status(no)).isEqualTo(OutboundStatus.SUCCEEDED);
	}

	@Test
	void aQueryAnswerForAnotherAmountGoesToAPersonAndMovesNothing() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		this.channel.onCreate(succeededFor(30_000));
		step(no);
		assertThat(status(no)).isEqualTo(OutboundStatus.NEEDS_ATTENTION);
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(3000);
		assertThat(journalTxCount(no)).isEqualTo(1);
	}

	// --- workers ---

	@Test
	void twoWorkersRacingForOneTaskSubmitItOnce() throws Exception {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		CountDownLatch gate = new CountDownLatch(1);
		this.channel.holdCreates(gate);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			// both instances found the task due before either claimed it
			List<String> seenByA = this.worker.due(this.withdrawals);
			List<String> seenByB = this.worker.due(this.withdrawals);
			assertThat(seenByA).containsExactly(no);
			assertThat(seenByB).containsExactly(no);
			CountDownLatch start = new CountDownLatch(1);
			Future<Integer> a = pool.submit(() -> {
				start.await();
				return this.worker.run(this.withdrawals, seenByA, "instance-a");
			});
			Future<Integer> b = pool.submit(() -> {
				start.await();
				return this.worker.run(this.withdrawals, seenByB, "instance-b");
			});
			start.countDown();
			Thread.sleep(500);
			gate.countDown();
			assertThat(a.get() + b.get()).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.channel.creates(no)).isEqualTo(1);
	}

	@Test
	void aWorkerKilledMidTaskLosesNothing() {
		Account alice = customerWithAvailable("CNY", 10_000);
		String no = request(alice, 3000);
		long clearingBefore = clearing();
		// a worker claimed the task and died before recording anything
		assertThat(
				this.jdbc.update("UPDATE payout_task SET lease_owner = 'dead', lease_until = ? WHERE withdrawal_no = ?",
						Times.nowUtc().plusSeconds(30), no))
			.isEqualTo(1);
		assertThat(this.worker.runOnce("survivor")).as("the lease is still running").isZero();
		assertThat(this.worker.run(this.withdrawals, List.of(no), "survivor")).as("the lease is still running")
			.isZero();
		assertThat(this.channel.creates(no)).isZero();
		this.jdbc.update("UPDATE payout_task SET lease_until = ? WHERE withdrawal_no = ?",
				Times.nowUtc().minusSeconds(1), no);
		this.channel.onCreate(succeeded());
		assertThat(this.worker.runOnce("survivor")).isEqualTo(1);
		assertCaptured(alice, no, clearingBefore);
	}

	// --- helpers ---

	String request(Account account, long amount) {
		String no = unique("w");
		this.withdrawals.request(no, account.getAccountId(), amount, "wallet:" + account.getAccountId(), ALICE_APP);
		return no;
	}

	/** Makes the task due now and runs one worker pass: exactly this task is stepped. */
	void step(String no) {
		this.jdbc.update(
				"UPDATE payout_task SET next_attempt_at = ? WHERE withdrawal_no = ? AND next_attempt_at IS NOT NULL",
				Times.nowUtc().minusSeconds(1), no);
		this.worker.runOnce("test-worker");
	}

	HandlingResult callback(String no, long amount, ChannelStatus status, String reason) {
		return this.withdrawals
			.handle(ScriptedChannel.notification(ChannelOperation.PAYOUT, no, amount, status, reason));
	}

	OutboundStatus status(String no) {
		return this.withdrawals.get(no).status();
	}

	long clearing() {
		return clearing(ScriptedChannel.NAME, "CNY");
	}

	void assertCaptured(Account alice, String no, long clearingBefore) {
		assertThat(status(no)).isEqualTo(OutboundStatus.SUCCEEDED);
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(7000);
		assertThat(clearing() - clearingBefore).isEqualTo(3000);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM journal_tx WHERE reference = ? AND kind = 'WITHDRAWAL_CAPTURE'", Integer.class,
				no))
			.isEqualTo(1);
		assertThat(journalTxCount(no)).isEqualTo(2);
	}

	void assertReleased(Account alice, String no, String reason) {
		Withdrawal w = this.withdrawals.get(no);
		assertThat(w.status()).isEqualTo(OutboundStatus.FAILED);
		assertThat(w.reason()).isEqualTo(reason);
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(10_000);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM journal_tx WHERE reference = ? AND kind = 'WITHDRAWAL_RELEASE'", Integer.class,
				no))
			.isEqualTo(1);
		assertThat(journalTxCount(no)).isEqualTo(2);
		assertThat(this.withdrawals.task(no).nextAttemptAt()).isNull();
	}

	HttpResponse<String> resolve(String token, String no, String outcome) throws Exception {
		return send(token, "POST", "/api/v1/withdrawals/" + no + "/resolution",
				"{\"outcome\":\"" + outcome + "\",\"note\":\"checked with the channel\"}");
	}

	HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
		return HttpCalls.send(this.port, token, method, path, body, java.util.Map.of());
	}

}
