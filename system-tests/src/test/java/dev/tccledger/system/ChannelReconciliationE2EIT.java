package dev.tccledger.system;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channel reconciliation against the real channel process: the simulator's own
 * statement (its CSV over HTTP) of today against the ledger's recharge and withdrawals,
 * with one payment the ledger never asked for. The days are UTC on both sides.
 */
class ChannelReconciliationE2EIT {

	static final String MERCHANT_KEY = "sim-ledger-key";

	static TestSystem system;

	@BeforeAll
	static void start() {
		system = TestSystem.start(TestSystem.Options.named("ChannelReconciliationE2EIT"));
	}

	@AfterAll
	static void stop() {
		if (system != null) {
			Http.delete(system.channel("/sim/v1/behaviour"), MERCHANT_KEY);
			system.close();
		}
	}

	@Test
	void theDaysStatementMatchesTheLedgerAndNamesWhatOnlyTheChannelHas() throws Exception {
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 0);
		String recharge = Ledger.unique("r");
		Http.post(system.ledger("/api/v1/recharges"),
				Map.of("rechargeNo", recharge, "accountId", alice, "amount", 5_000),
				system.token(Tokens.Client.DEMO_SHOP))
			.expect(201);
		await("recharge " + recharge).atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(ledgerGet("/api/v1/recharges/" + recharge).text("status")));
		String paidOut = withdraw(alice, 2_000);
		await("withdrawal " + paidOut).atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(ledgerGet("/api/v1/withdrawals/" + paidOut).text("status")));
		Http.put(system.channel("/sim/v1/behaviour"), Map.of("operation", "PAYOUT", "outcome", "FAIL", "times", 1),
				MERCHANT_KEY)
			.expect(200);
		String refused = withdraw(alice, 300);
		await("withdrawal " + refused).atMost(Duration.ofSeconds(30))
			.until(() -> "FAILED".equals(ledgerGet("/api/v1/withdrawals/" + refused).text("status")));
		// a payment someone made at the channel under the ledger's merchant, not through
		// it
		String stranger = Ledger.unique("stranger");
		Http.post(system.channel("/sim/v1/payments"), Map.of("reference", stranger, "amount", 700, "currency", "CNY",
				"notifyUrl", system.ledger("/api/v1/channels/sim/notifications")), MERCHANT_KEY)
			.expect(200);
		await("payment " + stranger).atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(
					Http.get(system.channel("/sim/v1/payments?reference=" + stranger), MERCHANT_KEY).text("status")));

		String day = LocalDate.now(ZoneOffset.UTC).toString();
		String url = system.ledger("/api/v1/finance/channel-reconciliation?channel=sim&date=" + day);
		Http.get(url, system.token(Tokens.Client.FINANCE_VIEWER)).expect(404);
		Http.Response ran = Http.post(url, "", system.token(Tokens.Client.FINANCE_OPERATOR)).expect(200);

		JsonNode run = ran.body();
		assertThat(run.path("statementLines").asInt()).as(ran.raw()).isEqualTo(4);
		assertThat(run.path("matched").asInt()).as(ran.raw()).isEqualTo(3);
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
		assertThat(ledger.available(alice)).isEqualTo(5_000 - 2_000);
		Auditor.audit(system);
	}

	static String withdraw(String accountId, long amount) {
		String no = Ledger.unique("w");
		Http.post(system.ledger("/api/v1/withdrawals"),
				Map.of("withdrawalNo", no, "accountId", accountId, "amount", amount, "destination", "wallet:" + no),
				system.token(Tokens.Client.DEMO_SHOP))
			.expect(202);
		return no;
	}

	static Http.Response ledgerGet(String path) {
		return Http.get(system.ledger(path), system.token(Tokens.Client.DEMO_SHOP)).expect(200);
	}

}
