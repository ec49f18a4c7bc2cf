package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Stored times are UTC, to the microsecond. */
final class OrderClock {

	private OrderClock() {
	}

	static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

}
