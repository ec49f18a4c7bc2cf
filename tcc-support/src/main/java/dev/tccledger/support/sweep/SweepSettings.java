package dev.tccledger.support.sweep;

import java.time.Duration;

/**
 * How one scheduled sweep runs: every {@code period} (the first run one period after
 * start-up), over rows older than {@code grace}, at most {@code batchSize} rows per run,
 * under a lease that lives {@code leaseTtl} unless renewed.
 */
public record SweepSettings(Duration period, Duration grace, int batchSize, Duration leaseTtl) {

	public SweepSettings {
		if (period.isNegative() || period.isZero() || grace.isNegative() || batchSize < 1 || leaseTtl.isNegative()
				|| leaseTtl.isZero()) {
			throw new IllegalArgumentException("sweep settings out of range: period " + period + ", grace " + grace
					+ ", batch " + batchSize + ", lease " + leaseTtl);
		}
	}

	public static SweepSettings ofMillis(long periodMs, long graceMs, int batchSize, long leaseTtlMs) {
		return new SweepSettings(Duration.ofMillis(periodMs), Duration.ofMillis(graceMs), batchSize,
				Duration.ofMillis(leaseTtlMs));
	}

}
