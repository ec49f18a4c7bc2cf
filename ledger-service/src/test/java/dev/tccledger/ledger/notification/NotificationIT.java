package dev.tccledger.ledger.notification;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.recharge.RechargeService;
import dev.tccledger.ledger.support.HttpCalls;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.ScriptedChannel;
import dev.tccledger.ledger.support.Tokens;
import dev.tccledger.ledger.withdrawal.WithdrawalService;
import dev.tccledger.support.faults.FaultAction;
import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.outbox.NotificationDispatcher;
import dev.tccledger.support.outbox.NotificationSender;
import dev.tccledger.support.outbox.Outbox;
import dev.tccledger.support.outbox.OutboxEvent;
import dev.tccledger.support.sweep.SweepLeases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The notification outbox on MariaDB, with a local HTTP server standing in for the SMS
 * gateway and the webhooks: written with the state change or not at all, each event once
 * per attempt however many dispatchers race, parked after the last attempt and re-driven
 * by hand, and sent again with the same id when a dispatcher dies between the send and
 * its record.
 */
@Import(ScriptedChannel.class)
@TestPropertySource(properties = { "ledger.channels.sim.client=fake", "ledger.sentinel.period-ms=3600000",
		"ledger.recharges.period-ms=3600000",
		// the tests run the dispatchers themselves
		"tcc.notifications.period-ms=3600000",
		// a send (connect and answer, 1 s each at most) ends well inside the rows' lease,
		// so a
		// live dispatcher never loses a row it is sending, even on a loaded machine
		"tcc.notifications.lease-ms=5000", "tcc.notifications.timeout-ms=1000", "tcc.notifications.max-attempts=3",
		"tcc.notifications.backoff-base-ms=1", "tcc.notifications.backoff-max-ms=2",
		"tcc.notifications.webhook-secret=it-webhook-secret", "tcc.notifications.sms.merchant-key=it-merchant-key" })
class NotificationIT extends LedgerITBase {

	static final LocalReceiver RECEIVER = start();

	static final String PHONE = "+8613800000001";

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) {
		registry.add("tcc.notifications.sms.base-url", RECEIVER::url);
		registry.add("tcc.notifications.webhooks.RECHARGE_SUCCEEDED", () -> RECEIVER.url() + "/hooks/finance");
		registry.add("tcc.notifications.webhooks.WITHDRAWAL_FAILED", () -> RECEIVER.url() + "/hooks/flaky");
		registry.add("tcc.notifications.webhooks.RACE", () -> RECEIVER.url() + "/hooks/race");
	}

	@Autowired
	Outbox outbox;

	@Autowired
	NotificationDispatcher dispatcher;

	@Autowired
	RechargeService recharges;

	@Autowired
	WithdrawalService withdrawals;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	FaultPoints faults;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	static LocalReceiver start() {
		try {
			return new LocalReceiver();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() {
		RECEIVER.close();
	}

	@BeforeEach
	void nothingLeftOver() {
		this.jdbc.update("DELETE FROM notification");
		this.faults.clear();
		RECEIVER.clear();
	}

	@Test
	void aTransactionThatRollsBackAfterWritingItsNotificationSendsNothing() {
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		assertThatIllegalStateException().isThrownBy(() -> tx.executeWithoutResult((status) -> {
			this.outbox.publish(
					OutboxEvent.of("RECHARGE_SUCCEEDED", "rolled-back", Map.of("amount", 1)).withSms(PHONE, "never"));
			assertThat(rows("rolled-back")).as("written inside the transaction").isEqualTo(2);
			throw new IllegalStateException("the state change failed after its notification was written");
		}));
		assertThat(rows("rolled-back")).isZero();
		this.dispatcher.sweepNow();
		assertThat(RECEIVER.received()).isEmpty();
		// and outside a transaction nothing is written at all
		assertThatIllegalStateException()
			.isThrownBy(() -> this.outbox.publish(OutboxEvent.of("RECHARGE_SUCCEEDED", "no-tx", Map.of())));
		assertThat(rows("no-tx")).isZero();
	}

	@Test
	void aSettledRechargeTextsTheAccountAndSignsTheEventToItsWebhookOnce() throws Exception {
		String accountId = unique("phoned");
		this.accounts.open(accountId, AccountKind.CUSTOMER, "CNY", PHONE);
		String rechargeNo = unique("rc");
		this.recharges.create(rechargeNo, accountId, 12345, FINANCE_OPERATOR);
		assertThat(rows(rechargeNo)).as("nothing to tell before the money moved").isZero();
		double sentBefore = sent("RECHARGE_SUCCEEDED");

		assertThat(this.recharges.handle(paid(rechargeNo, 12345)))
			.isEqualTo(ChannelEventHandler.HandlingResult.SETTLED);
		assertThat(this.recharges.handle(paid(rechargeNo, 12345)))
			.isEqualTo(ChannelEventHandler.HandlingResult.ALREADY_SETTLED);
		assertThat(rows(rechargeNo)).as("one SMS and one webhook event, however often the channel says so")
			.isEqualTo(2);
		assertThat(this.dispatcher.sweepNow().count(NotificationDispatcher.Outcome.SENT)).isEqualTo(2);

		String smsId = id(rechargeNo, "SMS");
		List<LocalReceiver.Delivery> sms = RECEIVER.received("/sim/v1/sms");
		assertThat(sms).singleElement().satisfies((d) -> {
			assertThat(d.id()).isEqualTo(smsId);
			assertThat(d.authorization()).isEqualTo("Bearer it-merchant-key");
			assertThat(d.json().path("to").asText()).isEqualTo(PHONE);
			assertThat(d.json().path("text").asText()).contains(rechargeNo, "123.45 CNY");
		});
		String eventId = id(rechargeNo, "WEBHOOK");
		assertThat(RECEIVER.received("/hooks/finance")).singleElement().satisfies((d) -> {
			assertThat(d.id()).isEqualTo(eventId);
			assertThat(d.signature()).isEqualTo(NotificationSender.sign("it-webhook-secret", d.timestamp(), d.body()));
			JsonNode event = d.json();
			assertThat(event.path("eventId").asText()).isEqualTo(eventId);
			assertThat(event.path("type").asText()).isEqualTo("RECHARGE_SUCCEEDED");
			assertThat(event.path("data").path("rechargeNo").asText()).isEqualTo(rechargeNo);
			assertThat(event.path("data").path("amount").asLong()).isEqualTo(12345);
		});
		assertThat(
				this.jdbc.queryForList("SELECT status FROM notification WHERE subject = ?", String.class, rechargeNo))
			.containsOnly("SENT");
		assertThat(sent("RECHARGE_SUCCEEDED") - sentBefore).isEqualTo(2.0);
		this.dispatcher.sweepNow();
		assertThat(RECEIVER.received()).as("a sent notification is not sent again").hasSize(2);
	}

	@Test
	void aWithdrawalToAnAccountWithoutAPhoneTellsOnlyTheWebhooksOfItsType() {
		var alice = customerWithAvailable("CNY", 5000);
		String paidOut = unique("wd");
		this.withdrawals.request(paidOut, alice.getAccountId(), 1000, "wallet:alice", ORDER_SERVICE);
		this.withdrawals.handle(payout(paidOut, 1000, ChannelStatus.SUCCEEDED));
		// no phone, and no webhook subscribes to WITHDRAWAL_SUCCEEDED here
		assertThat(rows(paidOut)).isZero();
		String failed = unique("wd");
		this.withdrawals.request(failed, alice.getAccountId(), 1000, "wallet:alice", ORDER_SERVICE);
		this.withdrawals.handle(payout(failed, 1000, ChannelStatus.FAILED));
		assertThat(this.jdbc.queryForList("SELECT channel FROM notification WHERE subject = ?", String.class, failed))
			.containsExactly("WEBHOOK");
	}

	@Test
	void twoDispatchersRacingOver200RowsDeliverEachIdOncePerAttempt() throws Exception {
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		tx.executeWithoutResult((status) -> IntStream.range(0, 200)
			.forEach((i) -> this.outbox.publish(OutboxEvent.of("RACE", "race-" + i, Map.of("i", i)))));
		NotificationDispatcher other = this.dispatcher.asInstance("notifier-other",
				new SweepLeases(this.jdbc, "instance-other", Clock.systemUTC()));
		List<String> ids = this.jdbc.queryForList("SELECT id FROM notification WHERE event_type = 'RACE'",
				String.class);
		List<CompletableFuture<Void>> racers = new ArrayList<>();
		for (NotificationDispatcher d : List.of(this.dispatcher, other)) {
			racers.add(CompletableFuture.runAsync(() -> {
				while (pending() > 0) {
					d.sweepNow();
				}
			}));
			List<String> shuffled = new ArrayList<>(ids);
			Collections.shuffle(shuffled);
			// the rows' own leases, without the sweep's: each row is claimed by one
			racers.add(CompletableFuture.runAsync(() -> shuffled.forEach(d::deliver)));
		}
		CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

		Map<String, Long> counts = RECEIVER.countsById();
		assertThat(counts).hasSize(200).containsOnlyKeys(ids);
		assertThat(counts.values()).containsOnly(1L);
		assertThat(
				this.jdbc.queryForList("SELECT DISTINCT CONCAT(status, '/', attempts) FROM notification", String.class))
			.containsExactly("SENT/1");
	}

	@Test
	void aWebhookThatAlwaysFailsIsParkedThenReDrivenByAPersonAndSent() throws Exception {
		RECEIVER.answer("/hooks/flaky", 503);
		String accountId = unique("phoned");
		this.accounts.open(accountId, AccountKind.CUSTOMER, "CNY", PHONE);
		this.deposits.deposit(accountId, unique("dep"), 5000, "funding", FINANCE_OPERATOR);
		String withdrawalNo = unique("wd");
		this.withdrawals.request(withdrawalNo, accountId, 1000, "wallet:x", ORDER_SERVICE);
		this.withdrawals.handle(payout(withdrawalNo, 1000, ChannelStatus.FAILED));
		String eventId = id(withdrawalNo, "WEBHOOK");

		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.dispatcher.sweepNow();
			return "PARKED".equals(status(eventId));
		});
		assertThat(RECEIVER.received("/hooks/flaky")).hasSize(3)
			.allSatisfy((d) -> assertThat(d.id()).isEqualTo(eventId));
		assertThat(RECEIVER.received("/sim/v1/sms")).as("the SMS went out: one failing receiver holds up no other")
			.singleElement()
			.satisfies((d) -> assertThat(d.json().path("text").asText()).contains("not paid out"));
		assertThat(status(id(withdrawalNo, "SMS"))).isEqualTo("SENT");

		JsonNode parked = json(call("GET", "/api/v1/notifications?status=PARKED", "finance:read"), 200);
		assertThat(parked).singleElement().satisfies((n) -> {
			assertThat(n.path("id").asText()).isEqualTo(eventId);
			assertThat(n.path("type").asText()).isEqualTo("WITHDRAWAL_FAILED");
			assertThat(n.path("attempts").asInt()).isEqualTo(3);
			assertThat(n.path("lastError").asText()).contains("503");
		});
		assertThat(this.meters.get("tcc.notifications.parked").gauge().value()).isEqualTo(1.0);

		String retry = "/api/v1/notifications/" + eventId + "/retry";
		JsonNode redriven = json(call("POST", retry, "finance:operate"), 200);
		assertThat(redriven.path("status").asText()).isEqualTo("PENDING");
		assertThat(redriven.path("attempts").asInt()).isZero();
		assertThat(redriven.path("redrivenBy").asText()).isEqualTo("ops-person");
		assertThat(json(call("POST", retry, "finance:operate"), 409).path("code").asText())
			.isEqualTo("NOTIFICATION_NOT_PARKED");
		assertThat(json(call("POST", "/api/v1/notifications/ntf-nope/retry", "finance:operate"), 404).path("code")
			.asText()).isEqualTo("NOTIFICATION_NOT_FOUND");
		assertThat(json(call("GET", "/api/v1/notifications?status=LOST", "finance:read"), 400).path("code").asText())
			.isEqualTo("VALIDATION_FAILED");

		RECEIVER.answer("/hooks/flaky", 200);
		this.dispatcher.sweepNow();
		assertThat(status(eventId)).isEqualTo("SENT");
		assertThat(RECEIVER.received("/hooks/flaky")).hasSize(4)
			.allSatisfy((d) -> assertThat(d.id()).isEqualTo(eventId));
		assertThat(this.jdbc.queryForObject("SELECT redriven_by FROM notification WHERE id = ?", String.class, eventId))
			.isEqualTo("ops-person");
		assertThat(json(call("GET", "/api/v1/notifications?status=PARKED", "finance:read"), 200)).isEmpty();
	}

	@Test
	void aDispatcherThatDiesBetweenTheSendAndItsRecordIsTakenOverWithTheSameId() {
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		tx.executeWithoutResult((status) -> this.outbox.publish(OutboxEvent.of("RACE", "killed", Map.of())));
		String eventId = id("killed", "WEBHOOK");
		NotificationDispatcher other = this.dispatcher.asInstance("notifier-other",
				new SweepLeases(this.jdbc, "instance-other", Clock.systemUTC()));

		this.faults.arm(NotificationDispatcher.AFTER_SEND, new FaultPoints.Rule(FaultAction.FAIL, 1, 0));
		assertThat(this.dispatcher.sweepNow().failed()).isEqualTo(1);
		assertThat(RECEIVER.received()).hasSize(1);
		assertThat(
				this.jdbc.queryForMap("SELECT status, attempts, lease_owner FROM notification WHERE id = ?", eventId))
			.containsEntry("status", "PENDING")
			.containsEntry("attempts", 0)
			.containsEntry("lease_owner", this.dispatcher.owner());
		assertThat(other.sweepNow().examined()).as("the dead holder's lease is still live").isZero();

		await().atMost(Duration.ofSeconds(20)).until(() -> {
			other.sweepNow();
			return "SENT".equals(status(eventId));
		});
		assertThat(RECEIVER.received()).hasSize(2).allSatisfy((d) -> assertThat(d.id()).isEqualTo(eventId));
		assertThat(RECEIVER.countsById()).containsOnlyKeys(eventId);
	}

	// --- helpers ---

	int rows(String subject) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE subject = ?", Integer.class, subject);
	}

	int pending() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE status = 'PENDING'", Integer.class);
	}

	String id(String subject, String channel) {
		return this.jdbc.queryForObject("SELECT id FROM notification WHERE subject = ? AND channel = ?", String.class,
				subject, channel);
	}

	String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM notification WHERE id = ?", String.class, id);
	}

	double sent(String type) {
		var counter = this.meters.find("tcc.notifications").tags("type", type, "outcome", "sent").counter();
		return (counter != null) ? counter.count() : 0;
	}

	static dev.tccledger.ledger.channel.ChannelNotification paid(String rechargeNo, long amount) {
		return ScriptedChannel.notification(ChannelOperation.PAYMENT, rechargeNo, amount, ChannelStatus.SUCCEEDED,
				null);
	}

	static dev.tccledger.ledger.channel.ChannelNotification payout(String withdrawalNo, long amount,
			ChannelStatus status) {
		return ScriptedChannel.notification(ChannelOperation.PAYOUT, withdrawalNo, amount, status,
				(status == ChannelStatus.FAILED) ? "ACCOUNT_CLOSED" : null);
	}

	HttpResponse<String> call(String method, String path, String scope) throws Exception {
		return HttpCalls.send(this.port, Tokens.ISSUER.token("ops-person", scope), method, path, null, Map.of());
	}

	static JsonNode json(HttpResponse<String> answer, int status) throws Exception {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		return LocalReceiver.JSON.readTree(answer.body());
	}

}
