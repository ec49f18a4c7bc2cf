package dev.tccledger.ledger.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.SimulatorCallbacks;
import dev.tccledger.ledger.recharge.RechargeSentinel;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.ScriptedChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static dev.tccledger.ledger.web.HttpApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recharges over HTTP on MariaDB, with a fake channel for the calls out and the real
 * callback door: the pre-record, idempotency, every kind of callback the channel (or
 * someone pretending to be it) can send, two callbacks racing, and the sentinel settling
 * from the channel's answer.
 */
@Import(ScriptedChannel.class)
@TestPropertySource(properties = { "ledger.channels.sim.client=fake", "ledger.recharges.grace-ms=0",
		"ledger.recharges.period-ms=3600000" })
class RechargeIT extends LedgerITBase {

	static final String CALLBACKS = "/api/v1/channels/sim/notifications";

	static final SimulatorCallbacks SIGNER = new SimulatorCallbacks("sim-ledger-callback-secret",
			java.time.Duration.ofMinutes(5));

	@LocalServerPort
	int port;

	@Autowired
	ScriptedChannel channel;

	@Autowired
	RechargeSentinel sentinel;

	HttpApi api;

	@BeforeEach
	void client() {
		this.api = new HttpApi(this.port);
	}

	@Test
	void aRechargeIsRecordedPendingWithTheChannelsIdAndReplaysOrConflictsOnItsNumber() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = unique("r");
		Map<String, Object> body = Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 5000);
		HttpApi.Answer created = this.api.post("/api/v1/recharges", body);
		assertThat(created.status()).as("%s", created).isEqualTo(201);
		assertThat(created.body()).isEqualTo(this.api.tree(Map.of("rechargeNo", no, "accountId", alice.getAccountId(),
				"amount", 5000, "status", "PENDING", "channelTxId", "pay_" + no)));
		HttpApi.Answer replay = this.api.post("/api/v1/recharges", body);
		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.body()).isEqualTo(created.body());
		assertProblem(
				this.api.post("/api/v1/recharges",
						Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 5001)),
				409, "IDEMPOTENCY_CONFLICT");
		HttpApi.Answer view = this.api.get("/api/v1/recharges/" + no);
		assertThat(view.status()).isEqualTo(200);
		assertThat(view.body().path("status").asText()).isEqualTo("PENDING");
		assertThat(view.body().path("channelTxId").asText()).isEqualTo("pay_" + no);
		assertThat(view.body().has("reason")).isTrue();
		// waiting for the channel's word: in flight for finance, not credited
		assertThat(this.finance.summary("CNY").inFlight().recharges().amount()).isGreaterThanOrEqualTo(5000);
		assertThat(view.body().path("createdAt").asText()).isNotEmpty();
		assertThat(account(alice.getAccountId()).getAvailable()).isZero();
		assertProblem(this.api.get("/api/v1/recharges/" + unique("none")), 404, "NOT_FOUND");
	}

	@Test
	void aCreateWithoutAnAnswerStaysPendingAndItsReplaySendsItAgain() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = unique("r");
		this.channel.onCreate(ScriptedChannel.fails(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null));
		HttpApi.Answer created = this.api.post("/api/v1/recharges",
				Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 700));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().path("status").asText()).isEqualTo("PENDING");
		assertThat(created.body().path("channelTxId").isNull()).isTrue();
		HttpApi.Answer replay = this.api.post("/api/v1/recharges",
				Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 700));
		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.body().path("channelTxId").asText()).isEqualTo("pay_" + no);
	}

	@Test
	void aCreateTheChannelRefusesFailsWithItsCodeAndMovesNothing() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = unique("r");
		this.channel.onCreate(ScriptedChannel.fails(ChannelCallFailure.Kind.REFUSED, "VALIDATION_FAILED"));
		HttpApi.Answer created = this.api.post("/api/v1/recharges",
				Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 700));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().path("status").asText()).isEqualTo("FAILED");
		assertThat(this.api.get("/api/v1/recharges/" + no).body().path("reason").asText())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(journalCount(no)).isZero();
	}

	@Test
	void aSignedSuccessCreditsOnceAndEveryLaterWordChangesNothing() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = recharge(alice, 5000);
		long clearingBefore = clearing();

		assertCallback(event(no, 5000, "SUCCEEDED"), 200, "SETTLED");
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(5000);
		assertThat(clearing()).isEqualTo(clearingBefore - 5000);
		assertThat(journalCount(no)).isEqualTo(1);
		assertThat(rechargeRow(no)).containsEntry("status", "SUCCEEDED").containsEntry("settled_by", "channel:sim");
		assertThat(this.jdbc.queryForObject("SELECT actor FROM journal_tx WHERE reference = ?", String.class, no))
			.isEqualTo("channel:sim");

		Snapshot after = snapshot(alice, no);
		String duplicate = event(no, 5000, "SUCCEEDED");
		assertCallback(duplicate, 200, "ALREADY_SETTLED");
		assertCallback(event(no, 5000, "FAILED"), 200, "REJECTED");
		assertCallback(event(no, 5000, "EXPIRED"), 200, "REJECTED");
		assertThat(snapshot(alice, no)).isEqualTo(after);
		assertRecorded(no, "SETTLED", "ALREADY_SETTLED", "REJECTED", "REJECTED");
		assertBooksBalance();
	}

	@Test
	void aFailureMovesNothingAndALaterSuccessIsCreditedAndFlagged() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = recharge(alice, 300);
		assertCallback(event(no, 300, "FAILED"), 200, "SETTLED");
		assertThat(rechargeRow(no)).containsEntry("status", "FAILED").containsEntry("reason", "PAYER_DECLINED");
		assertThat(journalCount(no)).isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isZero();

		assertCallback(event(no, 300, "SUCCEEDED"), 200, "SETTLED");
		assertThat(rechargeRow(no)).containsEntry("status", "SUCCEEDED")
			.containsEntry("flag", "SUCCEEDED_AFTER_FAILURE");
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(300);
		assertThat(journalCount(no)).isEqualTo(1);
	}

	@Test
	void noBadCallbackChangesAnythingAndEachIsRecorded() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = recharge(alice, 5000);
		Snapshot before = snapshot(alice, no);
		String good = event(no, 5000, "SUCCEEDED");
		String now = Long.toString(Instant.now().getEpochSecond());

		// unsigned
		assertBadSignature(send(good, null, null));
		// tampered body, signed for the original
		assertBadSignature(send(good.replace("\"amount\":5000", "\"amount\":50000"), now, sign(now, good)));
		// signed with another secret
		assertBadSignature(send(good, now,
				HexFormat.of()
					.formatHex(new SimulatorCallbacks("not-the-secret", java.time.Duration.ofMinutes(5)).sign(now,
							good.getBytes(StandardCharsets.UTF_8)))));
		// well signed, six minutes old, and six minutes ahead
		String old = Long.toString(Instant.now().minusSeconds(360).getEpochSecond());
		assertBadSignature(send(good, old, sign(old, good)));
		String ahead = Long.toString(Instant.now().plusSeconds(360).getEpochSecond());
		assertBadSignature(send(good, ahead, sign(ahead, good)));
		// an unknown channel
		assertProblem(sendTo("/api/v1/channels/paypal/notifications", good, now, sign(now, good)), 404, "NOT_FOUND");
		// well signed but wrong: an amount or currency the recharge does not have, a
		// reference the ledger never made
		assertCallback(event(no, 4999, "SUCCEEDED"), 200, "REJECTED");
		assertCallback(event(no, 5000, "SUCCEEDED").replace("\"CNY\"", "\"USD\""), 200, "REJECTED");
		String unknown = unique("r-unknown");
		assertCallback(event(unknown, 5000, "SUCCEEDED"), 200, "REJECTED");
		assertThat(this.jdbc.queryForList("SELECT verdict FROM channel_callback WHERE reference = ?", String.class,
				unknown))
			.containsExactly("REJECTED");

		assertThat(snapshot(alice, no)).isEqualTo(before);
		assertRecorded(no, "BAD_SIGNATURE", "BAD_SIGNATURE", "BAD_SIGNATURE", "STALE", "STALE", "UNKNOWN_CHANNEL",
				"REJECTED", "REJECTED");
	}

	@Test
	void twoSuccessesRacingCreditOnce() throws Exception {
		Account alice = customerWithAvailable("CNY", 0);
		String no = recharge(alice, 1234);
		int threads = 4;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<HttpApi.Answer>> answers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String body = event(no, 1234, "SUCCEEDED");
				Callable<HttpApi.Answer> deliver = () -> {
					start.await();
					String ts = Long.toString(Instant.now().getEpochSecond());
					return send(body, ts, sign(ts, body));
				};
				answers.add(pool.submit(deliver));
			}
			List<String> verdicts = new ArrayList<>();
			for (Future<HttpApi.Answer> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(200);
				verdicts.add(answer.get().body().path("verdict").asText());
			}
			assertThat(verdicts).containsOnlyOnce("SETTLED").containsOnly("SETTLED", "ALREADY_SETTLED");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(1234);
		assertThat(journalCount(no)).isEqualTo(1);
	}

	@Test
	void theSentinelSettlesALostCallbackFromTheChannelsAnswer() {
		Account alice = customerWithAvailable("CNY", 0);
		String paid = recharge(alice, 800);
		String declined = recharge(alice, 900);
		String processing = recharge(alice, 1000);
		this.channel.answerQuery(ChannelOperation.PAYMENT, paid, ChannelStatus.SUCCEEDED, 800, null);
		this.channel.answerQuery(ChannelOperation.PAYMENT, declined, ChannelStatus.FAILED, 900, "PAYER_DECLINED");

		pastGrace(paid, declined, processing);
		assertThat(this.sentinel.sweepNow().examined()).isGreaterThanOrEqualTo(3);

		assertThat(rechargeRow(paid)).containsEntry("status", "SUCCEEDED").containsEntry("settled_by", "sentinel");
		assertThat(this.jdbc.queryForObject("SELECT actor FROM journal_tx WHERE reference = ?", String.class, paid))
			.isEqualTo("sentinel");
		assertThat(rechargeRow(declined)).containsEntry("status", "FAILED");
		assertThat(rechargeRow(processing)).containsEntry("status", "PENDING");
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(800);
		// the callback arriving after the sentinel settled it changes nothing
		assertCallback(event(paid, 800, "SUCCEEDED"), 200, "ALREADY_SETTLED");
		assertThat(journalCount(paid)).isEqualTo(1);
	}

	@Test
	void oneTheChannelNeverHeardOfExpiresOnlyAfterItsExpiryAndALateSuccessIsCreditedAndFlagged() {
		Account alice = customerWithAvailable("CNY", 0);
		String no = unique("r");
		this.channel.onCreate(ScriptedChannel.fails(ChannelCallFailure.Kind.NOT_SENT, null));
		this.api.post("/api/v1/recharges", Map.of("rechargeNo", no, "accountId", alice.getAccountId(), "amount", 450));
		int createsBefore = this.channel.creates();
		pastGrace(no);

		// before its expiry the sentinel sends the create again
		this.sentinel.sweepNow();
		assertThat(this.channel.creates()).isEqualTo(createsBefore + 1);
		assertThat(rechargeRow(no)).containsEntry("status", "PENDING").containsEntry("channel_tx_id", "pay_" + no);

		// the channel forgot it (say its storage was restored), and the expiry passed
		this.channel.forget(no);
		this.jdbc.update("UPDATE recharge SET expires_at = created_at WHERE recharge_no = ?", no);
		this.sentinel.sweepNow();
		assertThat(rechargeRow(no)).containsEntry("status", "EXPIRED");
		assertThat(journalCount(no)).isZero();

		assertCallback(event(no, 450, "SUCCEEDED"), 200, "SETTLED");
		assertThat(rechargeRow(no)).containsEntry("status", "SUCCEEDED")
			.containsEntry("flag", "SUCCEEDED_AFTER_EXPIRY");
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(450);
		assertBooksBalance();
	}

	// --- helpers ---

	/**
	 * Moves the recharges' creation back: the grace is 0 here, but a stored time may be
	 * rounded up to the second.
	 */
	void pastGrace(String... rechargeNos) {
		for (String no : rechargeNos) {
			this.jdbc.update("UPDATE recharge SET created_at = created_at - INTERVAL 5 SECOND WHERE recharge_no = ?",
					no);
		}
	}

	String recharge(Account account, long amount) {
		String no = unique("r");
		HttpApi.Answer created = this.api.post("/api/v1/recharges",
				Map.of("rechargeNo", no, "accountId", account.getAccountId(), "amount", amount));
		assertThat(created.status()).as("%s", created).isEqualTo(201);
		return no;
	}

	static String event(String reference, long amount, String status) {
		String reason = switch (status) {
			case "FAILED" -> "\"PAYER_DECLINED\"";
			case "EXPIRED" -> "\"PAYMENT_EXPIRED\"";
			default -> "null";
		};
		return "{\"eventId\":\"" + unique("evt") + "\",\"type\":\"PAYMENT\",\"channelTxId\":\"pay_" + reference
				+ "\",\"reference\":\"" + reference + "\",\"amount\":" + amount + ",\"currency\":\"CNY\",\"status\":\""
				+ status + "\",\"reason\":" + reason + ",\"occurredAt\":\"" + Instant.now() + "\"}";
	}

	static String sign(String timestamp, String body) {
		return HexFormat.of().formatHex(SIGNER.sign(timestamp, body.getBytes(StandardCharsets.UTF_8)));
	}

	HttpApi.Answer send(String body, String timestamp, String signature) {
		return sendTo(CALLBACKS, body, timestamp, signature);
	}

	/** As the channel sends: no bearer token, the signature headers when given. */
	HttpApi.Answer sendTo(String path, String body, String timestamp, String signature) {
		Map<String, String> headers = new java.util.HashMap<>();
		if (timestamp != null) {
			headers.put("X-Channel-Timestamp", timestamp);
		}
		if (signature != null) {
			headers.put("X-Channel-Signature", signature);
		}
		return this.api.withToken(null)
			.postRaw(path, HttpApi.JSON, BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
	}

	void assertCallback(String body, int status, String verdict) {
		String ts = Long.toString(Instant.now().getEpochSecond());
		HttpApi.Answer answer = send(body, ts, sign(ts, body));
		assertThat(answer.status()).as("%s", answer).isEqualTo(status);
		assertThat(answer.body().path("verdict").asText()).as("%s", answer).isEqualTo(verdict);
	}

	static void assertBadSignature(HttpApi.Answer answer) {
		assertProblem(answer, 401, "BAD_SIGNATURE");
	}

	/**
	 * The verdicts recorded for callbacks naming this reference, or carrying no readable
	 * reference, since the recharge was made, oldest first.
	 */
	void assertRecorded(String reference, String... verdicts) {
		List<String> recorded = this.jdbc.queryForList("""
				SELECT verdict FROM channel_callback
				 WHERE (reference = ? OR reference IS NULL OR body LIKE CONCAT('%', ?, '%')) AND received_at >= (
				   SELECT created_at FROM recharge WHERE recharge_no = ?)
				 ORDER BY callback_id""", String.class, reference, reference, reference);
		assertThat(recorded).containsSubsequence(verdicts);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM channel_callback WHERE body LIKE CONCAT('%', ?, '%')",
				Integer.class, reference))
			.isGreaterThanOrEqualTo(verdicts.length);
	}

	record Snapshot(long available, long frozen, long clearing, Map<String, Object> recharge, int journal) {
	}

	Snapshot snapshot(Account account, String rechargeNo) {
		Account now = account(account.getAccountId());
		return new Snapshot(now.getAvailable(), now.getFrozen(), clearing(), rechargeRow(rechargeNo),
				this.jdbc.queryForObject("SELECT COUNT(*) FROM journal_tx", Integer.class));
	}

	long clearing() {
		List<Long> rows = this.jdbc.queryForList("SELECT available FROM account WHERE account_id = 'channel:sim:CNY'",
				Long.class);
		return rows.isEmpty() ? 0 : rows.get(0);
	}

	Map<String, Object> rechargeRow(String rechargeNo) {
		return this.jdbc.queryForMap("SELECT * FROM recharge WHERE recharge_no = ?", rechargeNo);
	}

	int journalCount(String reference) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM journal_tx WHERE reference = ? AND kind = 'RECHARGE'",
				Integer.class, reference);
	}

}
