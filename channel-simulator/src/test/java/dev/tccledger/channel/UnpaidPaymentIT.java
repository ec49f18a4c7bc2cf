package dev.tccledger.channel;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Customers who never pay on their own ({@code channel.auto-pay-ms=-1}): a payment is
 * settled by hand or closes at its expiry.
 */
class UnpaidPaymentIT {

	private static NotifyEndpoint merchant;

	private static Simulator simulator;

	@BeforeAll
	static void start() throws Exception {
		merchant = new NotifyEndpoint();
		Path dir = Files.createDirectories(Path.of("target", "channel-it", "unpaid-" + System.currentTimeMillis()));
		simulator = Simulator.start(dir, "--channel.auto-pay-ms=-1", "--channel.tick-ms=50");
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

	@Test
	void aPaymentNobodyPaysExpiresAndIsCalledBackAsExpired() {
		JsonNode created = Simulator.json(simulator.post("/sim/v1/payments", payment("exp-1", 1, "expired")));
		assertThat(created.get("status").asText()).isEqualTo("PROCESSING");

		await().atMost(Duration.ofSeconds(10)).until(() -> merchant.to("expired").size() == 1);

		JsonNode event = Simulator.json(merchant.to("expired").get(0).body());
		assertThat(event.get("status").asText()).isEqualTo("EXPIRED");
		assertThat(event.get("reason").asText()).isEqualTo("PAYMENT_EXPIRED");
		JsonNode truth = Simulator.json(simulator.get("/sim/v1/payments?reference=exp-1"));
		assertThat(truth.get("status").asText()).isEqualTo("EXPIRED");
		HttpResponse<String> tooLate = simulator
			.post("/sim/v1/payments/" + created.get("channelTxId").asText() + "/pay", "");
		assertThat(tooLate.statusCode()).isEqualTo(409);
		assertThat(Simulator.json(tooLate).get("code").asText()).isEqualTo("NOT_PROCESSING");
	}

	@Test
	void aPaymentStaysProcessingUntilPaidByHandAndPayingAgainIsAReplay() {
		JsonNode created = Simulator.json(simulator.post("/sim/v1/payments", payment("hand-1", 600, "hand")));
		String pay = "/sim/v1/payments/" + created.get("channelTxId").asText() + "/pay";

		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> "PROCESSING"
				.equals(Simulator.json(simulator.get("/sim/v1/payments?reference=hand-1")).get("status").asText()));
		HttpResponse<String> paid = simulator.post(pay, "");
		HttpResponse<String> again = simulator.post(pay, "");
		HttpResponse<String> declined = simulator
			.post("/sim/v1/payments/" + created.get("channelTxId").asText() + "/fail", "");

		assertThat(Simulator.json(paid).get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(Simulator.json(again).get("settledAt")).isEqualTo(Simulator.json(paid).get("settledAt"));
		assertThat(declined.statusCode()).isEqualTo(409);
		await().atMost(Duration.ofSeconds(5)).until(() -> merchant.to("hand").size() == 1);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> merchant.to("hand").size() == 1);
	}

	private static String payment(String reference, long expiresInSeconds, String notifyPath) {
		return "{\"reference\":\"" + reference + "\",\"amount\":100,\"currency\":\"CNY\",\"notifyUrl\":\""
				+ merchant.url(notifyPath) + "\",\"expiresInSeconds\":" + expiresInSeconds + "}";
	}

}
