package dev.tccledger.support.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.JdbcTemplate;

/** The services' own migration of the lease table, and a clock a test moves by hand. */
final class LeaseFixture {

	private LeaseFixture() {
	}

	/** Both services carry the same table; the order service's copy is checked too. */
	static void migrate(JdbcTemplate jdbc, String service) throws IOException {
		String sql = Files.readString(Path.of("..", "sql", service, "V2__sweep_lease.sql"));
		StringBuilder statement = new StringBuilder();
		for (String line : sql.split("\n")) {
			if (!line.startsWith("--")) {
				statement.append(line).append('\n');
			}
		}
		jdbc.execute(statement.toString().trim().replaceAll(";$", ""));
	}

	static final class HandClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));

		void advance(Duration by) {
			this.now.updateAndGet((t) -> t.plus(by));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
