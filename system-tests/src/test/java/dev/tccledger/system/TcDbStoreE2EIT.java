package dev.tccledger.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TC on its db store (sessions in MariaDB, schema from sql/seata-server): payments
 * commit, the store holds the sessions of the transactions in flight, and a SIGKILL of
 * the TC under load, restarted on the same database, keeps everything it acknowledged and
 * settles every freeze itself (the ledger's sentinel held off, grace an hour).
 */
class TcDbStoreE2EIT {

	@RegisterExtension
	static final E2e e2e = E2e
		.system(TestSystem.Options.named("TcDbStoreE2EIT")
			.withFaults()
			.globalTimeoutMs(3_000)
			.args(List.of("--ledger.sentinel.grace-ms=3600000", "--ledger.sentinel.period-ms=600000"),
					List.of("--orders.sentinel.grace-ms=5000", "--orders.sentinel.period-ms=600000"))
			.withTcDbStore())
		.settledWithin(Duration.ofSeconds(90));

	@Test
	void theTcOnItsDbStoreKeepsWhatItAcknowledgedThroughASigkillUnderLoad() throws Exception {
		TestSystem system = e2e.system();
		Ledger ledger = e2e.ledger();
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		// a cold system's first try can outlast the ledger's read timeout (503 TIMEOUT,
		// rolled back): what is asserted is that payments commit on this store
		await("an order paid through the db store").atMost(Duration.ofSeconds(60))
			.until(() -> ledger.pay(Ledger.order(Ledger.unique("db"), shop, "CNY", alice, 2_500)).status() == 201);
		// a finished transaction's rows are removed from the store
		await("the TC's db store empties").atMost(Duration.ofSeconds(30))
			.until(() -> Recovery.count(system.tcDbConnection(), "SELECT COUNT(*) FROM global_table") == 0);

		Durability.Report report = Durability.killTcUnderLoad(system, "tcdbload", (killed) -> {
			// the TC is down: what it will restart from is in its tables, the held
			// transactions among them
			List<String> sessions = Recovery.rows(system.tcDbConnection(), "SELECT xid FROM global_table");
			assertThat(sessions).as("sessions in the TC's db store while it was down")
				.containsAll(killed.xidsTriedAtKill());
			assertThat(Recovery.count(system.tcDbConnection(), "SELECT COUNT(*) FROM branch_table"))
				.as("branches in the TC's db store")
				.isGreaterThanOrEqualTo(2L * Durability.HELD);
		}).verify(Duration.ofSeconds(30));
		assertThat(report.paidBeforeKill()).as(report.toString()).isGreaterThanOrEqualTo(Durability.PAID_BEFORE_KILL);
		assertThat(report.triedAtKill()).as(report.toString()).isGreaterThanOrEqualTo(Durability.HELD);
	}

}
