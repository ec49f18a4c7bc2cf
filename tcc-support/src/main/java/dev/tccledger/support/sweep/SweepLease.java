package dev.tccledger.support.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A named lease in the service's {@code sweep_lease} table: whoever holds it is the only
 * instance running that sweep. Claimed by a conditional UPDATE whose row count says who
 * won; a holder that dies without releasing it is taken over once {@code expires_at}
 * passes. Times are UTC from each instance's clock, so the instances' clocks must agree
 * to well within the lease's time to live.
 */
public final class SweepLease {

	/** A row nobody holds: expired long ago. */
	private static final LocalDateTime NEVER = LocalDateTime.of(1970, 1, 1, 0, 0);

	private final JdbcTemplate jdbc;

	private final String name;

	private final String owner;

	private final Duration ttl;

	private final Clock clock;

	private LocalDateTime renewedAt;

	SweepLease(JdbcTemplate jdbc, String name, String owner, Duration ttl, Clock clock) {
		this.jdbc = jdbc;
		this.name = name;
		this.owner = owner;
		this.ttl = ttl;
		this.clock = clock;
	}

	public String owner() {
		return this.owner;
	}

	/** True when this instance holds the lease now (it was free, expired, or its own). */
	public boolean claim() {
		insertIfMissing();
		LocalDateTime now = now();
		int won = this.jdbc.update("""
				UPDATE sweep_lease SET owner = ?, expires_at = ?
				 WHERE name = ? AND (expires_at < ? OR owner = ?)""", this.owner, now.plus(this.ttl), this.name, now,
				this.owner);
		if (won == 1) {
			this.renewedAt = now;
		}
		return won == 1;
	}

	/**
	 * Extends the lease when a third of its time to live has passed since the last claim
	 * or renewal; false when another instance has taken it meanwhile (stop sweeping).
	 */
	public boolean renewIfDue() {
		LocalDateTime now = now();
		if (this.renewedAt != null && now.isBefore(this.renewedAt.plus(this.ttl.dividedBy(3)))) {
			return true;
		}
		boolean held = this.jdbc.update("UPDATE sweep_lease SET expires_at = ? WHERE name = ? AND owner = ?",
				now.plus(this.ttl), this.name, this.owner) == 1;
		this.renewedAt = held ? now : null;
		return held;
	}

	/** Gives the lease up at once, if this instance still holds it. */
	public void release() {
		this.jdbc.update("UPDATE sweep_lease SET expires_at = ? WHERE name = ? AND owner = ?", NEVER, this.name,
				this.owner);
		this.renewedAt = null;
	}

	private void insertIfMissing() {
		Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM sweep_lease WHERE name = ?", Integer.class,
				this.name);
		if (rows != null && rows == 0) {
			try {
				this.jdbc.update("INSERT INTO sweep_lease (name, owner, expires_at) VALUES (?, ?, ?)", this.name, "",
						NEVER);
			}
			catch (DuplicateKeyException anotherInstanceFirst) {
				// the row exists now, which is all this needed
			}
		}
	}

	private LocalDateTime now() {
		return LocalDateTime.now(this.clock).truncatedTo(ChronoUnit.MICROS);
	}

}
