package dev.tccledger.channel;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tccledger.channel.NotifyEndpoint.Received;
import dev.tccledger.channel.callback.Signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The packaged simulator as a real process, with a JDK HTTP server as the merchant's
 * notify endpoint. Its clock runs fast (customers pay after 300 ms, redelivery gaps from
 * 400 ms) so the whole class takes seconds; every test has its own references and notify
 * path.
 */
class ChannelSimulatorIT {

	private static final Duration WITHIN = Duration.ofSeconds(15);

	private static NotifyEndpoint merchant;

	private static Simulator simulator;

	@BeforeAll
	static void start() throws Exception {
		merchant = new NotifyEndpoint();
		Path dir = Files.createDirectories(Path.of("target", "channel-it", Long.toString(System.currentTimeMillis())));
		simulator = Simulator.start(dir, "--channel.auto-pay-ms=300", "--channel.payout-settle-ms=200",
				"--channel.refund-settle-ms=200", "--channel.tick-ms=50", "--channel.redelivery-base-ms=400",
				"--channel.redelivery-cap-ms=3000");
	}

	@AfterAll
	static void stop() throws Exception {
		if (simulator != null) {
			simulator.close();
		}
		if (merchant != null) {
			merchant.close();
		}
	}

	@AfterEach
	void clearBehaviours() {
		assertThat(simulator.delete("/sim/v1/behaviour").statusCode()).isEqualTo(204);
	}

	@Test
	void aPaymentIsPaidByTheCustomerAndCalledBackOnceSigned() {
		HttpResponse<String> created = simulator.post("/sim/v1/payments", payment("paid-1", 5000, "paid"));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		JsonNode answer = Simulator.json(created);
		assertThat(answer.get("status").asText()).isEqualTo("PROCESSING");
		assertThat(answer.get("reference").asText()).isEqualTo("paid-1");
		Received callback = awaitCallbacks("paid", 1).get(0);

		assertThat(Signatures.sign(Simulator.SECRET, Long.parseLong(callback.timestamp()), callback.body()))
			.isEqualTo(callback.signature());
		assertThat(Long.parseLong(callback.timestamp()) - Instant.now().getEpochSecond()).isBetween(-60L, 5L);
		JsonNode event = Simulator.json(callback.body());
		assertThat(event.get("type").asText()).isEqualTo("PAYMENT");
		assertThat(event.get("channelTxId").asText()).isEqualTo(answer.get("channelTxId").asText());
		assertThat(event.get("reference").asText()).isEqualTo("paid-1");
		assertThat(event.get("amount").asLong()).isEqualTo(5000);
		assertThat(event.get("currency").asText()).isEqualTo("CNY");
		assertThat(event.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(event.get("reason").isNull()).isTrue();
		assertThat(event.get("eventId").asText()).startsWith("evt_");
		assertThat(event.get("occurredAt").asText()).isNotBlank();
		JsonNode truth = Simulator.json(simulator.get("/sim/v1/payments?reference=paid-1"));
		assertThat(truth.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(truth.get("settledAt").asText()).isEqualTo(event.get("occurredAt").asText());
		assertThat(Simulator.json(simulator.get("/sim/v1/payments/" + answer.get("channelTxId").asText()))
			.get("reference")
			.asText()).isEqualTo("paid-1");
		// answered 200: never delivered again
		await().during(Duration.ofMillis(1200)).atMost(WITHIN).until(() -> merchant.to("paid").size() == 1);
	}

	@Test
	void aCallbackAnsweredWith500IsRedeliveredWithGrowingGapsUntilAnswered2xx() {
		merchant.answer("flaky", 500, 500);

		simulator.post("/sim/v1/payments", payment("flaky-1", 700, "flaky"));

		List<Received> deliveries = awaitCallbacks("flaky", 3);
		assertThat(deliveries).extracting(Received::answered).containsExactly(500, 500, 200);
		assertThat(deliveries).extracting(Received::body).containsOnly(deliveries.get(0).body());
		long firstGapMs = Duration.between(deliveries.get(0).at(), deliveries.get(1).at()).toMillis();
		long secondGapMs = Duration.between(deliveries.get(1).at(), deliveries.get(2).at()).toMillis();
		assertThat(firstGapMs).isGreaterThanOrEqualTo(380);
		assertThat(secondGapMs).isGreaterThanOrEqualTo(780).isGreaterThan(firstGapMs);
		await().during(Duration.ofMillis(1200)).atMost(WITHIN).until(() -> merchant.to("flaky").size() == 3);
	}

	@Test
	void aLostCallbackIsNeverDeliveredButTheQueryTellsTheTruth() {
		behaviour("PAYMENT", "LOSE_CALLBACK", 0);

		simulator.post("/sim/v1/payments", payment("lost-1", 900, "lost"));

		await().atMost(WITHIN)
			.until(() -> "SUCCEEDED"
				.equals(Simulator.json(simulator.get("/sim/v1/payments?reference=lost-1")).get("status").asText()));
		await().during(Duration.ofMillis(800)).atMost(WITHIN).until(() -> merchant.to("lost").isEmpty());
	}

	@Test
	void aDuplicatedCallbackComesTwiceWithTheSameEventId() {
		behaviour("PAYOUT", "DUPLICATE_CALLBACK", 0);

		simulator.post("/sim/v1/payouts", payout("dup-1", 300, "dup"));

		List<Received> deliveries = awaitCallbacks("dup", 2);
		assertThat(Simulator.json(deliveries.get(0).body()).get("eventId"))
			.isEqualTo(Simulator.json(deliveries.get(1).body()).get("eventId"));
		assertThat(Simulator.json(deliveries.get(0).body()).get("type").asText()).isEqualTo("PAYOUT");
		await().during(Duration.ofMillis(800)).atMost(WITHIN).until(() -> merchant.to("dup").size() == 2);
	}

	@Test
	void aDelayedCallbackComesThatMuchLaterThanTheSettlement() {
		behaviour("REFUND", "DELAY", 1500);
		simulator.post("/sim/v1/payments", payment("late-pay", 900, "latepay"));
		awaitCallbacks("latepay", 1);

		simulator.post("/sim/v1/refunds", refund("late-rf", "late-pay", 900, "late"));

		await().atMost(WITHIN)
			.until(() -> "SUCCEEDED"
				.equals(Simulator.json(simulator.get("/sim/v1/refunds?reference=late-rf")).get("status").asText()));
		Instant settledAt = Instant
			.parse(Simulator.json(simulator.get("/sim/v1/refunds?reference=late-rf")).get("settledAt").asText());
		Received callback = awaitCallbacks("late", 1).get(0);
		assertThat(Duration.between(settledAt, callback.at()).toMillis()).isGreaterThanOrEqualTo(1450);
	}

	@Test
	void aFailedPayoutSettlesFailedWithAReason() {
		behaviour("PAYOUT", "FAIL", 0);

		simulator.post("/sim/v1/payouts", payout("fail-1", 300, "fail"));

		JsonNode event = Simulator.json(awaitCallbacks("fail", 1).get(0).body());
		assertThat(event.get("status").asText()).isEqualTo("FAILED");
		assertThat(event.get("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE_AT_CHANNEL");
		assertThat(Simulator.json(simulator.get("/sim/v1/payouts?reference=fail-1")).get("reason").asText())
			.isEqualTo("INSUFFICIENT_BALANCE_AT_CHANNEL");
	}

	@Test
	void aTimeoutAnswersOnlyAfterTheDelayYetTheOperationExistsAtOnce() throws Exception {
		behaviour("PAYOUT", "TIMEOUT", 2500);
		Instant sent = Instant.now();

		CompletableFuture<HttpResponse<String>> held = simulator.postAsync("/sim/v1/payouts",
				payout("slow-1", 400, "slow"));

		await().atMost(Duration.ofMillis(2000))
			.until(() -> simulator.get("/sim/v1/payouts?reference=slow-1").statusCode() == 200);
		assertThat(held).isNotDone();
		HttpResponse<String> answer = held.get();
		assertThat(Duration.between(sent, Instant.now()).toMillis()).isGreaterThanOrEqualTo(2500);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(awaitCallbacks("slow", 1)).hasSize(1);
	}

	@Test
	void aCallerThatGivesUpOnATimeoutFindsTheOperationByQueryAndItsRetryAnswersAtOnce() {
		behaviour("PAYMENT", "TIMEOUT", 3000);
		String body = payment("slow-2", 400, "slow2");

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> simulator.postAsync("/sim/v1/payments", body).orTimeout(1, TimeUnit.SECONDS).get())
			.withCauseInstanceOf(TimeoutException.class);

		Instant retried = Instant.now();
		HttpResponse<String> retry = simulator.post("/sim/v1/payments", body);
		assertThat(Duration.between(retried, Instant.now()).toMillis()).isLessThan(1500);
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(Simulator.json(retry).get("reference").asText()).isEqualTo("slow-2");
	}

	@Test
	void createIsIdempotentOnTheReference() {
		String body = payment("idem-1", 1200, "idem");
		JsonNode first = Simulator.json(simulator.post("/sim/v1/payments", body));

		HttpResponse<String> replay = simulator.post("/sim/v1/payments", body);
		HttpResponse<String> conflict = simulator.post("/sim/v1/payments", payment("idem-1", 1201, "idem"));

		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(Simulator.json(replay).get("channelTxId")).isEqualTo(first.get("channelTxId"));
		assertThat(Simulator.json(replay).get("createdAt")).isEqualTo(first.get("createdAt"));
		assertProblem(conflict, 409, "IDEMPOTENCY_CONFLICT");
		assertThat(awaitCallbacks("idem", 1)).hasSize(1);
		assertThat(Simulator.json(simulator.get("/sim/v1/payments?reference=idem-1")).get("amount").asLong())
			.isEqualTo(1200);
	}

	@Test
	void refundsCannotExceedWhatWasPaidAndOnlyAPaidPaymentIsRefunded() {
		simulator.post("/sim/v1/payments", payment("rp-1", 1000, "rp"));
		awaitCallbacks("rp", 1);

		assertProblem(simulator.post("/sim/v1/refunds", refund("rf-over", "rp-1", 1001, "rf")), 422,
				"REFUND_EXCEEDS_PAID");
		assertThat(simulator.post("/sim/v1/refunds", refund("rf-1", "rp-1", 600, "rf")).statusCode()).isEqualTo(200);
		assertProblem(simulator.post("/sim/v1/refunds", refund("rf-2", "rp-1", 401, "rf")), 422, "REFUND_EXCEEDS_PAID");
		assertThat(simulator.post("/sim/v1/refunds", refund("rf-3", "rp-1", 400, "rf")).statusCode()).isEqualTo(200);
		assertThat(awaitCallbacks("rf", 2))
			.extracting((callback) -> Simulator.json(callback.body()).get("type").asText())
			.containsOnly("REFUND");

		JsonNode declined = Simulator.json(simulator.post("/sim/v1/payments", payment("rp-2", 1000, "rp2")));
		assertThat(
				simulator.post("/sim/v1/payments/" + declined.get("channelTxId").asText() + "/fail", "").statusCode())
			.isEqualTo(200);
		assertProblem(simulator.post("/sim/v1/refunds", refund("rf-4", "rp-2", 1, "rf")), 422, "PAYMENT_NOT_PAID");
		assertProblem(simulator.post("/sim/v1/refunds", refund("rf-5", "nobody", 1, "rf")), 422, "PAYMENT_NOT_FOUND");
		assertThat(Simulator.json(awaitCallbacks("rp2", 1).get(0).body()).get("reason").asText())
			.isEqualTo("PAYER_DECLINED");
	}

	@Test
	void concurrentRefundsOfOnePaymentNeverSumPastWhatWasPaid() {
		simulator.post("/sim/v1/payments", payment("race-pay", 500, "racepay"));
		awaitCallbacks("racepay", 1);

		List<CompletableFuture<HttpResponse<String>>> refunds = IntStream.range(0, 10)
			.mapToObj((n) -> simulator.postAsync("/sim/v1/refunds", refund("race-rf-" + n, "race-pay", 100, "race")))
			.toList();

		List<Integer> statuses = refunds.stream().map((refund) -> refund.join().statusCode()).toList();
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(5);
		assertThat(statuses).filteredOn((status) -> status == 422).hasSize(5);
		assertThat(awaitCallbacks("race", 5)).hasSize(5);
	}

	@Test
	void theStatementListsTheDaysSettledOperations() {
		simulator.post("/sim/v1/payments", payment("st-pay", 2500, "st"));
		simulator.post("/sim/v1/payouts", payout("st-out", 1500, "st"));
		awaitCallbacks("st", 2);

		HttpResponse<String> statement = simulator.get("/sim/v1/statements/" + LocalDate.now(ZoneOffset.UTC));

		assertThat(statement.statusCode()).isEqualTo(200);
		assertThat(statement.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		List<String> lines = statement.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo("type,reference,channelTxId,amount,currency,status,settledAt");
		assertThat(lines)
			.anyMatch((line) -> line.startsWith("PAYMENT,st-pay,pay_") && line.contains(",2500,CNY,SUCCEEDED,"));
		assertThat(lines)
			.anyMatch((line) -> line.startsWith("PAYOUT,st-out,po_") && line.contains(",1500,CNY,SUCCEEDED,"));
		assertThat(simulator.get("/sim/v1/statements/2001-01-01").body().lines()).hasSize(1);
	}

	@Test
	void theSmsGatewayRecordsEachMessageOnce() {
		String sms = "{\"to\":\"+8613800000001\",\"text\":\"Your withdrawal w-1 was paid\",\"reference\":\"sms-1\"}";

		assertThat(simulator.post("/sim/v1/sms", sms).statusCode()).isEqualTo(200);
		assertThat(simulator.post("/sim/v1/sms", sms).statusCode()).isEqualTo(200);
		assertProblem(simulator.post("/sim/v1/sms", sms.replace("was paid", "failed")), 409, "IDEMPOTENCY_CONFLICT");

		JsonNode received = Simulator.json(simulator.get("/sim/v1/sms?to=%2B8613800000001"));
		assertThat(received).hasSize(1);
		assertThat(received.get(0).get("text").asText()).isEqualTo("Your withdrawal w-1 was paid");
	}

	@Test
	void whatTheChannelDoesNotKnowIsNotFoundAndAStrangerIsUnauthenticated() {
		assertProblem(simulator.get("/sim/v1/payouts?reference=never"), 404, "NOT_FOUND");
		assertProblem(simulator.get("/sim/v1/refunds/rf_000"), 404, "NOT_FOUND");
		HttpResponse<String> stranger = simulator
			.send(HttpRequest.newBuilder(simulator.uri("/sim/v1/payments?reference=paid-1"))
				.header("Authorization", "Bearer not-a-key")
				.build());
		assertProblem(stranger, 401, "UNAUTHENTICATED");
		assertThat(simulator.send(HttpRequest.newBuilder(simulator.uri("/actuator/health")).build()).statusCode())
			.isEqualTo(200);
		assertProblem(simulator.post("/sim/v1/payments", "{\"reference\":\"bad-1\",\"amount\":1.5}"), 400,
				"VALIDATION_FAILED");
	}

	@Test
	void aRestartKeepsRedeliveringWhatWasNotAnswered() throws Exception {
		merchant.answer("down", 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
		simulator.post("/sim/v1/payments", payment("crash-1", 800, "down"));
		List<Received> before = awaitCallbacks("down", 2);

		merchant.answer("down");
		simulator.crashAndRestart();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> merchant.to("down").stream().anyMatch((callback) -> callback.answered() == 200));
		List<Received> all = merchant.to("down");
		assertThat(all).extracting(Received::body).containsOnly(before.get(0).body());
		assertThat(Simulator.json(simulator.get("/sim/v1/payments?reference=crash-1")).get("status").asText())
			.isEqualTo("SUCCEEDED");
	}

	private static List<Received> awaitCallbacks(String path, int count) {
		await("callbacks to " + path).atMost(WITHIN).until(() -> merchant.to(path).size() >= count);
		return merchant.to(path);
	}

	private static void behaviour(String operation, String outcome, long delayMs) {
		HttpResponse<String> response = simulator.put("/sim/v1/behaviour", "{\"operation\":\"" + operation
				+ "\",\"outcome\":\"" + outcome + "\",\"times\":1,\"delayMs\":" + delayMs + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(Simulator.json(response).get("code").asText()).isEqualTo(code);
	}

	private static String payment(String reference, long amount, String notifyPath) {
		return "{\"reference\":\"" + reference + "\",\"amount\":" + amount + ",\"currency\":\"CNY\",\"notifyUrl\":\""
				+ merchant.url(notifyPath) + "\",\"expiresInSeconds\":600}";
	}

	private static String payout(String reference, long amount, String notifyPath) {
		return "{\"reference\":\"" + reference + "\",\"amount\":" + amount
				+ ",\"currency\":\"CNY\",\"destination\":\"wallet:alice\",\"notifyUrl\":\"" + merchant.url(notifyPath)
				+ "\"}";
	}

	private static String refund(String reference, String paymentReference, long amount, String notifyPath) {
		return "{\"reference\":\"" + reference + "\",\"paymentReference\":\"" + paymentReference + "\",\"amount\":"
				+ amount + ",\"notifyUrl\":\"" + merchant.url(notifyPath) + "\"}";
	}

}
