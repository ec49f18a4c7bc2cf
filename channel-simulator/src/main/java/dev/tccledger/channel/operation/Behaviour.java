package dev.tccledger.channel.operation;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;

/**
 * {@code PUT /sim/v1/behaviour}: what the next {@code times} new operations of one type
 * do.
 *
 * @param operation the operation type it applies to
 * @param outcome what happens to them
 * @param times how many operations it applies to (1 when absent)
 * @param delayMs the callback's delay for {@code DELAY}; how long the answer is held for
 * {@code TIMEOUT} ({@code channel.timeout-hold-ms} when absent or 0)
 */
record Behaviour(OperationType operation, Outcome outcome, Integer times, Long delayMs) {

	Behaviour {
		if (operation == null || outcome == null) {
			throw new ChannelException(ChannelError.VALIDATION_FAILED, "operation and outcome are required");
		}
		times = (times == null) ? 1 : times;
		delayMs = (delayMs == null) ? 0 : delayMs;
		if (times < 1 || times > 1000) {
			throw new ChannelException(ChannelError.VALIDATION_FAILED, "times must be 1..1000");
		}
		if (delayMs < 0 || delayMs > 600_000) {
			throw new ChannelException(ChannelError.VALIDATION_FAILED, "delayMs must be 0..600000");
		}
	}

}
