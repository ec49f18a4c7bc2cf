package dev.tccledger.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB killed with SIGKILL under load and started again: both services recover without
 * a restart of their own (their pools reconnect), the TC finishes what it decided,
 * nothing is lost. Runs on a MariaDB server of its own so the machine's server is never
 * touched.
 */
class DatabaseRestartE2EIT {

	static PrivateMariaDb database;

	static TestSystem system;

	static Ledger ledger;

	@BeforeAll
	static void start() throws Exception {
		database = new PrivateMariaDb(Path.of("target", "e2e", "mariadb-" + System.nanoTime()).toAbsolutePath())
			.install();
		database.start();
		system = TestSystem.start(TestSystem.Options.named("DatabaseRestartE2EIT")
			.globalTimeoutMs(3_000)
			.args(List.of("--ledger.sentinel.grace-ms=5000", "--ledger.sentinel.period-ms=600000",
					"--spring.datasource.hikari.connection-timeout=2000"),
					List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000",
							"--spring.datasource.hikari.connection-timeout=2000"))
			.onDatabase(database.host()));
		ledger = new Ledger(system);
	}

	@AfterAll
	static void stop() throws Exception {
		if (system != null) {
			system.close();
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	void bothServicesRecoverFromADatabaseRestartWithoutRestartingThemselves() throws Exception {
		String shop = ledger.merchant("CNY");
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 1_000_000));
		}
		try (Recovery.Load load = new Recovery.Load(ledger, payers, shop, 4, "dbload")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> load.placed.get() >= 30);
			database.kill();
			Thread.sleep(3_000);
			database.start();
			int before = load.placed.get();
			await("payments flow again").atMost(Duration.ofSeconds(90))
				.until(() -> load.byStatus.getOrDefault(201, new java.util.concurrent.atomic.AtomicInteger()).get() > 0
						&& load.placed.get() >= before + 30);
		}
		assertThat(system.ledgerAlive()).as("the ledger was not restarted").isTrue();
		assertThat(system.orderAlive()).as("order-service was not restarted").isTrue();
		Http.Response after = ledger.pay(Ledger.order(Ledger.unique("after"), shop, "CNY", payers.get(0), 1));
		assertThat(after.status()).as(after.raw()).isEqualTo(201);
		Recovery.awaitSettled(system, Duration.ofSeconds(90));
		Auditor.audit(system);
	}

}
