package dev.tccledger.support.sweep;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The skeleton around a sweep's rows: lease, grace, MDC, a count per outcome. */
class ScheduledSweepTest {

	enum Outcome {

		DONE, LEFT

	}

	record Row(String xid, Long branchId, String fate) {
	}

	static final class RowSweep extends ScheduledSweep<Row, Outcome> {

		final List<Row> rows = new ArrayList<>();

		final List<String> seenInMdc = new ArrayList<>();

		LocalDateTime askedBefore;

		RowSweep(SweepLeases leases, SimpleMeterRegistry meters) {
			super("test-sweep", SweepSettings.ofMillis(30_000, 60_000, 2, 60_000), leases, meters, Outcome.class);
		}

		@Override
		protected List<Row> batch(LocalDateTime staleBefore, int limit) {
			this.askedBefore = staleBefore;
			return this.rows.subList(0, Math.min(limit, this.rows.size()));
		}

		@Override
		protected Outcome handle(Row row) {
			this.seenInMdc.add(MDC.get("xid") + "/" + MDC.get("branchId"));
			if (row.fate().equals("boom")) {
				throw new IllegalStateException("the TC could not be asked");
			}
			return Outcome.valueOf(row.fate());
		}

		@Override
		protected String xidOf(Row row) {
			return row.xid();
		}

		@Override
		protected Long branchIdOf(Row row) {
			return row.branchId();
		}

	}

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JdbcTemplate jdbc;

	private RowSweep sweep;

	@BeforeEach
	void database() throws Exception {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:sweep-" + System.nanoTime() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		this.jdbc = new JdbcTemplate(h2);
		LeaseFixture.migrate(this.jdbc, "ledger");
		this.sweep = new RowSweep(new SweepLeases(this.jdbc), this.meters);
	}

	@Test
	void eachRowIsHandledInItsMdcAndCountedByOutcome() {
		this.sweep.rows
			.addAll(List.of(new Row("x-1", 11L, "DONE"), new Row("x-2", null, "boom"), new Row("x-3", 33L, "LEFT")));
		SweepResult<Outcome> result = this.sweep.sweepNow();
		// batch size 2: the third row waits for the next sweep
		assertThat(result.leased()).isTrue();
		assertThat(result.examined()).isEqualTo(2);
		assertThat(result.count(Outcome.DONE)).isEqualTo(1);
		assertThat(result.count(Outcome.LEFT)).isZero();
		assertThat(result.failed()).isEqualTo(1);
		assertThat(this.sweep.seenInMdc).containsExactly("x-1/11", "x-2/null");
		assertThat(MDC.get("xid")).isNull();
		assertThat(this.meters.counter("tcc.sweep.rows", "sweep", "test-sweep", "outcome", "done").count())
			.isEqualTo(1);
		assertThat(this.meters.counter("tcc.sweep.rows", "sweep", "test-sweep", "outcome", "failed").count())
			.isEqualTo(1);
		assertThat(this.sweep.askedBefore).isBetween(LocalDateTime.now(ZoneOffset.UTC).minusSeconds(61),
				LocalDateTime.now(ZoneOffset.UTC).minusSeconds(59));
	}

	@Test
	void whileAnotherInstanceHoldsTheLeaseNothingIsSwept() {
		this.sweep.rows.add(new Row("x-1", 11L, "DONE"));
		SweepLease other = new SweepLeases(this.jdbc).lease("test-sweep", Duration.ofMinutes(1));
		assertThat(other.claim()).isTrue();
		SweepResult<Outcome> result = this.sweep.sweepNow();
		assertThat(result.leased()).isFalse();
		assertThat(result.examined()).isZero();
		assertThat(this.sweep.seenInMdc).isEmpty();
		other.release();
		assertThat(this.sweep.sweepNow().count(Outcome.DONE)).isEqualTo(1);
		assertThat(other.claim()).as("the sweep released its lease when done").isTrue();
	}

}
