package dev.tccledger.support.sweep;

import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease's rules on H2 in MySQL mode, the embedded default's database, with the
 * migration the services run. {@code SweepLeaseIT} races two holders on MariaDB.
 */
class SweepLeaseTest {

	private static final Duration TTL = Duration.ofSeconds(30);

	private final LeaseFixture.HandClock clock = new LeaseFixture.HandClock();

	private JdbcTemplate jdbc;

	private SweepLease a;

	private SweepLease b;

	@BeforeEach
	void database() throws Exception {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:lease-" + System.nanoTime()
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1");
		this.jdbc = new JdbcTemplate(h2);
		LeaseFixture.migrate(this.jdbc, "order");
		this.a = new SweepLeases(this.jdbc, "instance-a", this.clock).lease("sentinel", TTL);
		this.b = new SweepLeases(this.jdbc, "instance-b", this.clock).lease("sentinel", TTL);
	}

	@Test
	void theFirstClaimCreatesTheRowAndHoldsIt() {
		assertThat(this.a.claim()).isTrue();
		assertThat(this.b.claim()).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT owner FROM sweep_lease WHERE name = 'sentinel'", String.class))
			.isEqualTo("instance-a");
		assertThat(this.a.claim()).as("the holder may claim again").isTrue();
	}

	@Test
	void aReleasedLeaseIsFreeAtOnce() {
		assertThat(this.a.claim()).isTrue();
		this.a.release();
		assertThat(this.b.claim()).isTrue();
		assertThat(this.a.claim()).isFalse();
	}

	@Test
	void aHolderThatDiedIsTakenOverOnceItsLeaseExpires() {
		assertThat(this.a.claim()).isTrue();
		this.clock.advance(TTL);
		assertThat(this.b.claim()).as("expires_at is not yet in the past").isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.b.claim()).isTrue();
		this.clock.advance(TTL.dividedBy(2));
		assertThat(this.a.renewIfDue()).as("the old holder learns it lost the lease").isFalse();
		this.a.release();
		assertThat(this.a.claim()).as("and its release did not free the new holder's lease").isFalse();
	}

	@Test
	void renewingKeepsTheLeaseAliveForAnotherTtl() {
		assertThat(this.a.claim()).isTrue();
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(this.a.renewIfDue()).isTrue();
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(this.b.claim()).as("renewed a TTL ago minus a second").isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.b.claim()).isTrue();
	}

}
