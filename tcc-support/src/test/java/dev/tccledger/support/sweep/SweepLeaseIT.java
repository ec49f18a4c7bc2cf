package dev.tccledger.support.sweep;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a service on one MariaDB database race for one sweep's lease: never
 * two sweep at once, and a lease whose holder died is taken over once it expires.
 */
class SweepLeaseIT {

	private static final String SERVER = "jdbc:mysql://" + System.getProperty("it.db.host", "127.0.0.1:3306") + "/";

	private static final String USER = System.getProperty("it.db.user", "root");

	private static final String PASSWORD = System.getProperty("it.db.password", "");

	private static final String DATABASE = "support_it_lease_" + UUID.randomUUID().toString().substring(0, 8);

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void database() throws Exception {
		execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
		jdbc = new JdbcTemplate(new DriverManagerDataSource(SERVER + DATABASE + "?useSSL=false", USER, PASSWORD));
		LeaseFixture.migrate(jdbc, "ledger");
	}

	@AfterAll
	static void drop() throws Exception {
		execute("DROP DATABASE IF EXISTS " + DATABASE);
	}

	@Test
	void twoInstancesNeverSweepAtOnce() throws Exception {
		int rounds = 400;
		AtomicInteger sweeping = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> wins = new ArrayList<>();
			for (String owner : List.of("instance-a", "instance-b")) {
				// a long lease: only a release can hand it over here
				SweepLease lease = new SweepLeases(jdbc, owner, Clock.systemUTC()).lease("race", Duration.ofMinutes(5));
				wins.add(instances.submit(() -> {
					start.await();
					int won = 0;
					for (int i = 0; i < rounds; i++) {
						if (lease.claim()) {
							won++;
							if (sweeping.incrementAndGet() != 1) {
								overlaps.incrementAndGet();
							}
							// a sweep's own work on the database while it holds the lease
							assertThat(lease.renewIfDue()).isTrue();
							jdbc.queryForObject("SELECT owner FROM sweep_lease WHERE name = 'race'", String.class);
							sweeping.decrementAndGet();
							lease.release();
						}
					}
					return won;
				}));
			}
			start.countDown();
			int a = wins.get(0).get();
			int b = wins.get(1).get();
			assertThat(overlaps.get()).as("rounds in which both held the lease").isZero();
			assertThat(a).as("instance-a's sweeps").isPositive();
			assertThat(b).as("instance-b's sweeps").isPositive();
		}
		finally {
			instances.shutdownNow();
		}
	}

	@Test
	void aLeaseWhoseHolderDiedIsTakenOverOnceItExpires() {
		LeaseFixture.HandClock clock = new LeaseFixture.HandClock();
		Duration ttl = Duration.ofSeconds(20);
		SweepLease died = new SweepLeases(jdbc, "instance-died", clock).lease("takeover", ttl);
		SweepLease next = new SweepLeases(jdbc, "instance-next", clock).lease("takeover", ttl);
		assertThat(died.claim()).isTrue();
		// the holder is killed: no release, no renewal
		// whole seconds: Connector/J sends MariaDB (which it takes for server 5.5.5) no
		// fractions
		clock.advance(ttl.minusSeconds(1));
		assertThat(next.claim()).isFalse();
		clock.advance(Duration.ofSeconds(2));
		assertThat(next.claim()).isTrue();
		assertThat(jdbc.queryForObject("SELECT owner FROM sweep_lease WHERE name = 'takeover'", String.class))
			.isEqualTo("instance-next");
		assertThat(died.renewIfDue()).as("a holder that comes back finds it lost the lease").isFalse();
	}

	private static void execute(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(SERVER + "?useSSL=false", USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
