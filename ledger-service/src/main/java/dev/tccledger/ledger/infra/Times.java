package dev.tccledger.ledger.infra;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Every timestamp the ledger stores is UTC, to the microsecond (DATETIME(6)).
 */
public final class Times {

	private Times() {
	}

	public static LocalDateTime nowUtc() {
		return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** A stored time as the instant the API shows. */
	public static Instant instant(LocalDateTime storedUtc) {
		return (storedUtc != null) ? storedUtc.toInstant(ZoneOffset.UTC) : null;
	}

}
