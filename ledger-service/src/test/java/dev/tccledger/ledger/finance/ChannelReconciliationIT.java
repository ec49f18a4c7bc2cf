package dev.tccledger.ledger.finance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.StatementLine;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.recharge.RechargeService;
import dev.tccledger.ledger.support.FakeStatements;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.Tokens;
import dev.tccledger.ledger.withdrawal.WithdrawalService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.tccledger.ledger.channel.ChannelOperation.PAYMENT;
import static dev.tccledger.ledger.channel.ChannelOperation.PAYOUT;
import static dev.tccledger.ledger.channel.ChannelStatus.FAILED;
import static dev.tccledger.ledger.channel.ChannelStatus.SUCCEEDED;
import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The channel reconciliation on MariaDB with a statement the test writes: real recharges
 * and withdrawals settled through the channel's callbacks, each scenario on a day of its
 * own (its settling journal transactions moved there). Stored runs, the endpoint's JSON,
 * a run again after the ledger caught up, the channel down, and two instances racing for
 * the scheduled run.
 */
@Import(FakeStatements.class)
@TestPropertySource(properties = { "ledger.channels.sim.statements=fake",
		// creates get no answer (connection refused): recharges stay PENDING until the
		// test
		// calls back; the payout worker does not run in ITs
		"ledger.channels.sim.base-url=http://127.0.0.1:9", "ledger.channel-reconciliation.enabled=false" })
class ChannelReconciliationIT extends LedgerITBase {

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	FakeStatements statements;

	@Autowired
	ChannelReconciliationService reconciliation;

	@Autowired
	ChannelReconciliationMapper runs;

	@Autowired
	RechargeService recharges;

	@Autowired
	WithdrawalService withdrawals;

	@Autowired
	List<ChannelEventHandler> handlers;

	@Autowired
	TxRunner tx;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void channelUp() {
		this.statements.down(false);
		this.statements.hold(null);
	}

	@Test
	void aDaysStatementIsMatchedStoredAndAnsweredOverHttp() throws Exception {
		LocalDate day = LocalDate.of(2026, 3, 10);
		String paid = settledRecharge(5000, SUCCEEDED, day);
		String otherAmount = settledRecharge(700, SUCCEEDED, day);
		String paidOut = settledWithdrawal(300, SUCCEEDED, day);
		String refused = settledWithdrawal(400, FAILED, day);
		String missingAtChannel = settledWithdrawal(500, SUCCEEDED, day);
		String notLearnedYet = withdrawal(600);
		String stillProcessing = withdrawal(650);
		String pending = recharge(800);
		this.statements.day(day, line(PAYMENT, paid, 5000, SUCCEEDED, day), line(PAYOUT, paidOut, 300, SUCCEEDED, day),
				line(PAYOUT, refused, 400, FAILED, day), line(PAYMENT, "ghost-" + paid, 900, SUCCEEDED, day),
				line(PAYMENT, otherAmount, 701, SUCCEEDED, day), line(PAYOUT, notLearnedYet, 600, SUCCEEDED, day));

		// before any run a read matches the day now and stores nothing
		HttpResponse<String> read = get(day, "finance:read");
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		JsonNode unstored = JSON.readTree(read.body());
		assertThat(unstored.path("stored").asBoolean(true)).isFalse();
		assertThat(unstored.path("runs").asInt(-1)).isZero();
		assertThat(this.runs.find("sim", day)).isNull();
		HttpResponse<String> ran = post(day, "finance:operate");

		assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(ran.body());
		assertThat(body.path("stored").asBoolean(false)).isTrue();
		// the read and the run saw the same books
		for (String member : new String[] { "statementLines", "matched", "onlyAtChannel", "onlyInLedger",
				"mismatched" }) {
			assertThat(unstored.path(member)).as(member).isEqualTo(body.path(member));
		}
		assertThat(body.path("channel").asText()).isEqualTo("sim");
		assertThat(body.path("date").asText()).isEqualTo("2026-03-10");
		assertThat(body.path("statementLines").asInt()).isEqualTo(6);
		assertThat(body.path("matched").asInt()).isEqualTo(3);
		assertThat(body.path("runs").asInt()).isEqualTo(1);
		assertThat(body.path("ranBy").asText()).isEqualTo("reconciliation-it");
		assertThat(body.path("onlyAtChannel")).hasSize(1);
		JsonNode ghost = body.path("onlyAtChannel").get(0);
		assertThat(JSON.convertValue(ghost, Map.class)).containsOnlyKeys("difference", "operation", "reference",
				"channelTxId", "ledgerAmount", "ledgerCurrency", "ledgerStatus", "channelAmount", "channelCurrency",
				"channelStatus", "channelSettledAt");
		assertThat(ghost.path("difference").asText()).isEqualTo("ONLY_AT_CHANNEL");
		assertThat(ghost.path("reference").asText()).isEqualTo("ghost-" + paid);
		assertThat(ghost.path("channelAmount").asLong()).isEqualTo(900);
		assertThat(ghost.path("ledgerAmount").isNull()).isTrue();
		assertThat(ghost.path("channelSettledAt").asText()).isEqualTo(day + "T12:00:00Z");
		assertThat(body.path("onlyInLedger")).hasSize(1);
		JsonNode missing = body.path("onlyInLedger").get(0);
		assertThat(missing.path("reference").asText()).isEqualTo(missingAtChannel);
		assertThat(missing.path("operation").asText()).isEqualTo("PAYOUT");
		assertThat(missing.path("ledgerAmount").asLong()).isEqualTo(500);
		assertThat(missing.path("ledgerStatus").asText()).isEqualTo("SUCCEEDED");
		assertThat(missing.path("channelStatus").isNull()).isTrue();
		assertThat(body.path("mismatched")).hasSize(2);
		JsonNode amount = body.path("mismatched").get(0);
		assertThat(amount.path("difference").asText()).isEqualTo("AMOUNT");
		assertThat(amount.path("reference").asText()).isEqualTo(otherAmount);
		assertThat(amount.path("ledgerAmount").asLong()).isEqualTo(700);
		assertThat(amount.path("channelAmount").asLong()).isEqualTo(701);
		JsonNode status = body.path("mismatched").get(1);
		assertThat(status.path("difference").asText()).isEqualTo("STATUS");
		assertThat(status.path("reference").asText()).isEqualTo(notLearnedYet);
		assertThat(status.path("ledgerStatus").asText()).isEqualTo("PROCESSING");
		assertThat(status.path("channelStatus").asText()).isEqualTo("SUCCEEDED");
		// nothing of the ledger's still-open operations is a difference
		assertThat(ran.body()).doesNotContain(stillProcessing).doesNotContain(pending + "\"");

		HttpResponse<String> stored = get(day, "finance:read");
		assertThat(stored.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(stored.body())).isEqualTo(body);
		// nothing was fixed: the ledger's side is as it was
		assertThat(this.withdrawals.get(notLearnedYet).status().name()).isEqualTo("PROCESSING");
		assertThat(this.recharges.get(otherAmount).amount()).isEqualTo(700);
		assertBooksBalance();
		assertThat(this.meters.counter("ledger.channel.reconciliation.differences", "channel", "sim", "kind", "AMOUNT")
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theEndpointRefusesWhatItCannotAnswer() throws Exception {
		assertProblem(
				send("GET", "/api/v1/finance/channel-reconciliation?channel=nope&date=2026-03-09", "finance:read"), 404,
				"NOT_FOUND");
		assertProblem(get(LocalDate.now(ZoneOffset.UTC).plusDays(2), "finance:read"), 400, "VALIDATION_FAILED");
		assertProblem(send("GET", "/api/v1/finance/channel-reconciliation?channel=sim&date=10.03.2026", "finance:read"),
				400, "VALIDATION_FAILED");
		assertProblem(send("GET", "/api/v1/finance/channel-reconciliation?channel=sim", "finance:read"), 400,
				"VALIDATION_FAILED");
		assertProblem(
				send("POST", "/api/v1/finance/channel-reconciliation?channel=nope&date=2026-03-09", "finance:operate"),
				404, "NOT_FOUND");
		assertProblem(post(LocalDate.now(ZoneOffset.UTC).plusDays(2), "finance:operate"), 400, "VALIDATION_FAILED");
		// reading is not running
		assertProblem(post(LocalDate.of(2026, 3, 9), "finance:read"), 403, "FORBIDDEN");
		assertThat(this.runs.find("sim", LocalDate.of(2026, 3, 9))).isNull();
	}

	@Test
	void settledAtTheChannelJustBeforeMidnightAndLearnedJustAfterIsNoDifferenceOnEitherDay() {
		LocalDate before = LocalDate.of(2026, 3, 20);
		LocalDate after = before.plusDays(1);
		String late = withdrawal(300);
		callback(PAYOUT, late, 300, SUCCEEDED);
		settledAt(late, "WITHDRAWAL_CAPTURE", after.atStartOfDay().plusNanos(500_000_000));
		StatementLine beforeMidnight = new StatementLine(PAYOUT, late, "po_" + late, 300, "CNY", SUCCEEDED,
				Instant.parse(before + "T23:59:59.900Z"));
		this.statements.day(before, beforeMidnight);

		ChannelReconciliationService.View afterDay = this.reconciliation.run("sim", after, FINANCE_OPERATOR);
		assertThat(afterDay.onlyInLedger()).isEmpty();
		assertThat(afterDay.matched()).isZero();
		assertThat(this.statements.fetches(before)).as("the previous day was looked at").isEqualTo(1);

		ChannelReconciliationService.View beforeDay = this.reconciliation.run("sim", before, FINANCE_OPERATOR);
		assertThat(beforeDay.matched()).isEqualTo(1);
		assertThat(beforeDay.onlyAtChannel()).isEmpty();
		assertThat(beforeDay.mismatched()).isEmpty();
	}

	@Test
	void aRunAgainAfterTheLedgerCaughtUpReplacesTheDaysDifferences() {
		LocalDate day = LocalDate.of(2026, 3, 12);
		String lostCallback = withdrawal(300);
		this.statements.day(day, line(PAYOUT, lostCallback, 300, SUCCEEDED, day));
		ChannelReconciliationService.View first = this.reconciliation.run("sim", day, FINANCE_OPERATOR);
		assertThat(first.mismatched()).extracting(StatementMatcher.Item::difference)
			.containsExactly(StatementMatcher.Difference.STATUS);

		callback(PAYOUT, lostCallback, 300, SUCCEEDED);
		settledAt(lostCallback, "WITHDRAWAL_CAPTURE", day.atTime(12, 5));
		ChannelReconciliationService.View second = this.reconciliation.run("sim", day, FINANCE_OPERATOR);

		assertThat(second.mismatched()).isEmpty();
		assertThat(second.matched()).isEqualTo(1);
		assertThat(second.runs()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM channel_reconciliation_item WHERE channel = 'sim' AND statement_day = ?",
				Integer.class, day))
			.isZero();
	}

	@Test
	void aChannelThatDoesNotAnswerStoresNothingAndLeavesTheDayFree() throws Exception {
		LocalDate day = LocalDate.of(2026, 3, 13);
		this.statements.down(true);

		assertProblem(post(day, "finance:operate"), 503, "CHANNEL_UNAVAILABLE");
		assertProblem(get(day, "finance:read"), 503, "CHANNEL_UNAVAILABLE");
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM channel_reconciliation WHERE statement_day = ? AND lease_owner IS NOT NULL",
				Integer.class, day))
			.isZero();

		this.statements.down(false);
		assertThat(post(day, "finance:operate").statusCode()).isEqualTo(200);
	}

	@Test
	void twoInstancesRacingForTheScheduledRunRunEachDayOnce() throws Exception {
		LocalDate day = LocalDate.of(2026, 4, 1);
		String paidOut = settledWithdrawal(300, SUCCEEDED, day);
		this.statements.day(day, line(PAYOUT, paidOut, 300, SUCCEEDED, day));
		ChannelReconciliationService a = instance("instance-a");
		ChannelReconciliationService b = instance("instance-b");
		CountDownLatch gate = new CountDownLatch(1);
		this.statements.hold(gate);
		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> runA = () -> {
				start.await();
				return a.runDue(day.plusDays(1));
			};
			Callable<Integer> runB = () -> {
				start.await();
				return b.runDue(day.plusDays(1));
			};
			Future<Integer> fa = pool.submit(runA);
			Future<Integer> fb = pool.submit(runB);
			// the winner is held at the channel while the loser finds the day claimed
			awaitFetches(day, 1);
			Thread.sleep(300);
			gate.countDown();
			assertThat(fa.get(20, TimeUnit.SECONDS) + fb.get(20, TimeUnit.SECONDS)).isEqualTo(1);
		}
		finally {
			gate.countDown();
			pool.shutdownNow();
		}
		assertThat(this.statements.fetches(day)).isEqualTo(1);
		ChannelReconciliationMapper.Run run = this.runs.find("sim", day);
		assertThat(run.runs()).isEqualTo(1);
		assertThat(run.matched()).isEqualTo(1);
		assertThat(run.ranBy()).isEqualTo("channel-reconciliation");
		// a finished day is not run again by the schedule
		assertThat(a.runDue(day.plusDays(1)) + b.runDue(day.plusDays(1))).isZero();
		assertThat(this.statements.fetches(day)).isEqualTo(1);
	}

	@Test
	void aDayHeldByAnInstanceThatDiedIsTakenOverOnceItsLeasePassesAndNotBefore() {
		LocalDate dead = LocalDate.of(2026, 4, 5);
		LocalDate alive = LocalDate.of(2026, 4, 6);
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.runs.insertClaim("sim", dead, "died-mid-run", now.minusMinutes(1), now.minusMinutes(11));
		this.runs.insertClaim("sim", alive, "still-running", now.plusMinutes(9), now.minusMinutes(1));

		// yesterday (alive) is held, the day before (dead) is taken over
		assertThat(instance("instance-c", 2).runDue(alive.plusDays(1))).isEqualTo(1);
		assertThat(this.runs.find("sim", dead).finishedAt()).isNotNull();
		assertThat(this.runs.find("sim", alive).finishedAt()).isNull();
		assertThat(this.statements.fetches(alive)).isZero();
		assertThatThrownBy(() -> this.reconciliation.run("sim", alive, FINANCE_OPERATOR)).isInstanceOfSatisfying(
				LedgerException.class,
				(refused) -> assertThat(refused.error()).isEqualTo(LedgerError.RECONCILIATION_RUNNING));
	}

	// --- the ledger's side, through its real services ---

	ChannelOperationsFixture operations() {
		return new ChannelOperationsFixture(this.recharges, this.withdrawals, this.handlers,
				(available) -> customerWithAvailable("CNY", available));
	}

	String recharge(long amount) {
		return operations().recharge(amount, null);
	}

	String withdrawal(long amount) {
		return operations().withdrawal(amount, null);
	}

	String settledRecharge(long amount, ChannelStatus status, LocalDate day) {
		String no = operations().recharge(amount, status);
		settledAt(no, "RECHARGE", day.atTime(12, 1));
		return no;
	}

	String settledWithdrawal(long amount, ChannelStatus status, LocalDate day) {
		String no = operations().withdrawal(amount, status);
		settledAt(no, (status == SUCCEEDED) ? "WITHDRAWAL_CAPTURE" : "WITHDRAWAL_RELEASE", day.atTime(12, 1));
		return no;
	}

	void callback(ChannelOperation operation, String reference, long amount, ChannelStatus status) {
		operations().callback(operation, reference, amount, status);
	}

	/** Moves the settling journal transaction to another time: the scenario's day. */
	void settledAt(String reference, String kind, LocalDateTime utc) {
		assertThat(this.jdbc.update("UPDATE journal_tx SET created_at = ? WHERE reference = ? AND kind = ?", utc,
				reference, kind))
			.isEqualTo(1);
	}

	static StatementLine line(ChannelOperation operation, String reference, long amount, ChannelStatus status,
			LocalDate day) {
		return new StatementLine(operation, reference, ChannelOperationsFixture.channelTxId(operation, reference),
				amount, "CNY", status, day.atTime(12, 0).toInstant(ZoneOffset.UTC));
	}

	ChannelReconciliationService instance(String owner) {
		return instance(owner, 1);
	}

	ChannelReconciliationService instance(String owner, int catchUpDays) {
		return new ChannelReconciliationService(this.runs, List.of(this.statements), this.tx, this.transactionManager,
				this.meters, ZoneOffset.UTC, Duration.ofMinutes(10), catchUpDays, owner);
	}

	void awaitFetches(LocalDate day, int n) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.statements.fetches(day) < n && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	// --- HTTP ---

	HttpResponse<String> get(LocalDate day, String scope) throws IOException, InterruptedException {
		return send("GET", "/api/v1/finance/channel-reconciliation?channel=sim&date=" + day, scope);
	}

	HttpResponse<String> post(LocalDate day, String scope) throws IOException, InterruptedException {
		return send("POST", "/api/v1/finance/channel-reconciliation?channel=sim&date=" + day, scope);
	}

	HttpResponse<String> send(String method, String path, String scope) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + Tokens.ISSUER.token("reconciliation-it", scope))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	static void assertProblem(HttpResponse<String> answer, int status, String code) throws IOException {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(JSON.readTree(answer.body()).path("code").asText()).as(answer.body()).isEqualTo(code);
	}

}
