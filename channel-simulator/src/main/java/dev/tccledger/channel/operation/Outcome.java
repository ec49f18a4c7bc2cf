package dev.tccledger.channel.operation;

/**
 * What a behaviour makes of the next requests of an operation type; {@link #SUCCEED} is
 * what happens when nobody asked for anything.
 */
enum Outcome {

	/** Settles SUCCEEDED, one callback. */
	SUCCEED,

	/** Settles FAILED with the type's reason, one callback. */
	FAIL,

	/** Executed as SUCCEED, but the HTTP answer is held until the caller gave up. */
	TIMEOUT,

	/** Settles SUCCEEDED and never calls back; only a query tells. */
	LOSE_CALLBACK,

	/** Settles SUCCEEDED and delivers the callback twice, with the same event id. */
	DUPLICATE_CALLBACK,

	/** Settles SUCCEEDED; the callback comes {@code delayMs} late. */
	DELAY

}
