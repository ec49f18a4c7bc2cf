package dev.tccledger.channel.callback;

/**
 * The gap before the next callback attempt: {@code base} after the first failed one,
 * doubling after each further one, never more than {@code cap}.
 */
record Backoff(long baseMs, long capMs) {

	Backoff {
		if (baseMs < 1 || capMs < baseMs) {
			throw new IllegalArgumentException("need 1 <= redelivery-base-ms <= redelivery-cap-ms");
		}
	}

	/** The gap after {@code failedAttempts} (1 or more) failed attempts. */
	long gapMs(int failedAttempts) {
		long gap = this.baseMs;
		for (int attempt = 1; attempt < failedAttempts; attempt++) {
			if (gap >= this.capMs / 2) {
				return this.capMs;
			}
			gap *= 2;
		}
		return Math.min(gap, this.capMs);
	}

}
