package dev.tccledger.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TC on its db store (sessions in MariaDB, schema from sql/seata-server): payments
 * commit, and a SIGKILL of the TC under load, restarted on the same database, leaves
 * nothing stuck.
 */
class TcDbStoreE2EIT {

	static TestSystem system;

	static Ledger ledger;

	@BeforeAll
	static void start() {
		system = TestSystem.start(TestSystem.Options.named("tcdb")
			.globalTimeoutMs(3_000)
			.args(List.of("--ledger.sentinel.grace-ms=5000", "--ledger.sentinel.period-ms=600000"),
					List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000"))
			.withTcDbStore());
		ledger = new Ledger(system);
	}

	@AfterAll
	static void stop() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void theTcOnItsDbStoreSurvivesSigkillUnderLoad() throws Exception {
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		Http.Response paid = ledger.pay(Ledger.order(Ledger.unique("db"), shop, "CNY", alice, 2_500));
		assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
		// the TC keeps its sessions in MariaDB: the finished transaction's row is removed
		// there
		await("the TC's db store empties").atMost(Duration.ofSeconds(30))
			.until(() -> Recovery.count(system.tcDbConnection(), "SELECT COUNT(*) FROM global_table") == 0);

		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 1_000_000));
		}
		try (Recovery.Load load = new Recovery.Load(ledger, payers, shop, 4, "tcdbload")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> load.placed.get() >= 30);
			system.killTc();
			Thread.sleep(1_500);
			system.startTc();
			int before = load.placed.get();
			await("payments flow again").atMost(Duration.ofSeconds(60)).until(() -> load.placed.get() >= before + 30);
		}
		Recovery.awaitSettled(system, Duration.ofSeconds(90));
		Auditor.audit(system);
	}

}
