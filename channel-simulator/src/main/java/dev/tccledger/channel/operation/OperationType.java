package dev.tccledger.channel.operation;

import java.util.Arrays;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;

/**
 * What the merchant asked the channel to do; {@link #path()} is its collection's URL
 * segment.
 */
public enum OperationType {

	PAYMENT("payments", "pay_", "PAYER_DECLINED"),

	PAYOUT("payouts", "po_", "INSUFFICIENT_BALANCE_AT_CHANNEL"),

	REFUND("refunds", "rf_", "PAYER_ACCOUNT_CLOSED");

	private final String path;

	private final String idPrefix;

	private final String failureReason;

	OperationType(String path, String idPrefix, String failureReason) {
		this.path = path;
		this.idPrefix = idPrefix;
		this.failureReason = failureReason;
	}

	String path() {
		return this.path;
	}

	String idPrefix() {
		return this.idPrefix;
	}

	/** The reason a {@code FAIL} behaviour settles this kind of operation with. */
	String failureReason() {
		return this.failureReason;
	}

	static OperationType ofPath(String path) {
		return Arrays.stream(values())
			.filter((type) -> type.path.equals(path))
			.findFirst()
			.orElseThrow(() -> new ChannelException(ChannelError.NOT_FOUND, "no such collection: " + path));
	}

}
