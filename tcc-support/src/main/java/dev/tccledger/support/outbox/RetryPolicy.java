package dev.tccledger.support.outbox;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What follows one delivery attempt, decided from the attempt's result and how many
 * attempts the row has had: sent; another attempt after an exponential backoff with
 * jitter (base * 2^(n-1), at most max, each wait between half and all of it, so instances
 * that failed together do not retry together); or parked after the last attempt, or at
 * once when the receiver refused the message itself (a 4xx other than 408 and 429 will be
 * refused again).
 */
public record RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffMax) {

	public RetryPolicy {
		if (maxAttempts < 1 || backoffBase.isNegative() || backoffBase.isZero()
				|| backoffMax.compareTo(backoffBase) < 0) {
			throw new IllegalArgumentException("retry policy out of range: max attempts " + maxAttempts + ", base "
					+ backoffBase + ", max " + backoffMax);
		}
	}

	/** The result of one attempt. */
	public record Delivery(boolean delivered, boolean refused, String detail) {

		public static Delivery ok() {
			return new Delivery(true, false, null);
		}

		/** A failure worth retrying: no answer, a timeout, a 5xx, 408 or 429. */
		public static Delivery failed(String detail) {
			return new Delivery(false, false, detail);
		}

		/** The receiver refused this message: sending it again would be refused again. */
		public static Delivery refused(String detail) {
			return new Delivery(false, true, detail);
		}

		/** How an HTTP status answer counts. */
		public static Delivery ofStatus(int status, String detail) {
			if (status >= 200 && status < 300) {
				return ok();
			}
			if (status >= 400 && status < 500 && status != 408 && status != 429) {
				return refused("HTTP " + status + ": " + detail);
			}
			return failed("HTTP " + status + ": " + detail);
		}

	}

	/** What to do with the row; {@code retryAfter} only for PENDING. */
	public record Decision(NotificationStatus status, Duration retryAfter) {
	}

	/**
	 * @param attempts the attempts made so far, this one included (1 after the first)
	 * @param random uniform in [0, 1)
	 */
	public Decision after(int attempts, Delivery delivery, DoubleSupplier random) {
		if (delivery.delivered()) {
			return new Decision(NotificationStatus.SENT, null);
		}
		if (delivery.refused() || attempts >= this.maxAttempts) {
			return new Decision(NotificationStatus.PARKED, null);
		}
		return new Decision(NotificationStatus.PENDING, backoff(attempts, random.getAsDouble()));
	}

	/** The wait after the {@code attempts}-th failed attempt. */
	Duration backoff(int attempts, double random) {
		long cap = this.backoffMax.toMillis();
		long base = this.backoffBase.toMillis();
		int doublings = Math.min(attempts - 1, 62);
		long ceiling = (doublings >= Long.numberOfLeadingZeros(base) - 1) ? cap : Math.min(cap, base << doublings);
		long half = ceiling / 2;
		return Duration.ofMillis(half + (long) (random * (ceiling - half)));
	}

}
