package dev.tccledger.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recharges against the real channel process: the customer pays and the signed callback
 * credits the account once; a callback the channel never sends is found by the recharge
 * sentinel's query; a declined payment moves nothing. Each ends with the auditor clean
 * (the channel's clearing account is a SYSTEM account: money in flight at the channel).
 */
class RechargeE2EIT {

	static final String MERCHANT_KEY = "sim-ledger-key";

	static TestSystem system;

	@BeforeAll
	static void start() {
		system = TestSystem.start(TestSystem.Options.named("RechargeE2EIT")
			.args(List.of("--ledger.recharges.grace-ms=1500", "--ledger.recharges.period-ms=500"), List.of()));
	}

	@AfterAll
	static void stop() {
		if (system != null) {
			system.close();
		}
	}

	@AfterEach
	void forgetBehaviours() {
		Http.delete(system.channel("/sim/v1/behaviour"), MERCHANT_KEY);
	}

	@Test
	void aPaidRechargeIsCreditedOnceByTheChannelsCallback() throws Exception {
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 0);
		String no = Ledger.unique("r");
		Http.Response created = recharge(no, alice, 5_000);
		assertThat(created.status()).as(created.raw()).isEqualTo(201);
		assertThat(created.text("status")).isEqualTo("PENDING");
		assertThat(created.text("channelTxId")).startsWith("pay_");

		awaitStatus(no, "SUCCEEDED");
		assertThat(ledger.available(alice)).isEqualTo(5_000);
		assertThat(journal(no)).containsExactly("channel:sim");
		// the replay answers it as it is, and credits nothing more
		assertThat(recharge(no, alice, 5_000).status()).isEqualTo(200);
		assertThat(ledger.available(alice)).isEqualTo(5_000);
		assertThat(Http.get(system.ledger("/actuator/prometheus"), system.token(Tokens.Client.PROMETHEUS)).raw())
			.contains(
					"ledger_channel_callbacks_total{application=\"ledger-service\",channel=\"sim\",verdict=\"SETTLED\"}");
		Auditor.audit(system);
	}

	@Test
	void aLostCallbackIsSettledByTheSentinelsQuery() throws Exception {
		behaviour("LOSE_CALLBACK");
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 0);
		String no = Ledger.unique("r");
		assertThat(recharge(no, alice, 700).status()).isEqualTo(201);

		awaitStatus(no, "SUCCEEDED");
		assertThat(ledger.available(alice)).isEqualTo(700);
		assertThat(journal(no)).containsExactly("sentinel");
		Auditor.audit(system);
	}

	@Test
	void aDeclinedPaymentFailsAndMovesNothing() throws Exception {
		behaviour("FAIL");
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 0);
		String no = Ledger.unique("r");
		assertThat(recharge(no, alice, 900).status()).isEqualTo(201);

		Http.Response failed = awaitStatus(no, "FAILED");
		assertThat(failed.text("reason")).isEqualTo("PAYER_DECLINED");
		assertThat(ledger.available(alice)).isZero();
		assertThat(journal(no)).isEmpty();
		Auditor.audit(system);
	}

	static Http.Response recharge(String no, String accountId, long amount) {
		return Http.post(system.ledger("/api/v1/recharges"),
				Map.of("rechargeNo", no, "accountId", accountId, "amount", amount),
				system.token(Tokens.Client.DEMO_SHOP));
	}

	static Http.Response awaitStatus(String no, String status) {
		return await(no + " " + status).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Http.get(system.ledger("/api/v1/recharges/" + no), system.token(Tokens.Client.DEMO_SHOP))
				.expect(200), (answer) -> status.equals(answer.text("status")));
	}

	static void behaviour(String outcome) {
		Http.Response set = Http.put(system.channel("/sim/v1/behaviour"),
				Map.of("operation", "PAYMENT", "outcome", outcome, "times", 1), MERCHANT_KEY);
		assertThat(set.status()).as(set.raw()).isEqualTo(200);
	}

	/** The actors of the recharge's journal transactions. */
	static List<String> journal(String no) throws Exception {
		try (Connection ledger = system.ledgerDb()) {
			return Auditor.rows(ledger,
					"SELECT actor FROM journal_tx WHERE kind = 'RECHARGE' AND reference = '" + no + "'");
		}
	}

}
