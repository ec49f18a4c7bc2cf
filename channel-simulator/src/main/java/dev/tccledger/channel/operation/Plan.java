package dev.tccledger.channel.operation;

/**
 * What a behaviour decided for one operation when it was created, kept with it so that a
 * restart settles it the same way.
 *
 * @param outcome the behaviour's outcome
 * @param delayMs the callback's delay ({@code DELAY}) or how long the answer is held
 * ({@code TIMEOUT}); 0 otherwise
 */
record Plan(Outcome outcome, long delayMs) {

	static final Plan NORMAL = new Plan(Outcome.SUCCEED, 0);

	/** How many callbacks a settlement sends. */
	int callbacks() {
		return switch (this.outcome) {
			case LOSE_CALLBACK -> 0;
			case DUPLICATE_CALLBACK -> 2;
			default -> 1;
		};
	}

	/** How long after the settlement the first callback attempt is made. */
	long callbackDelayMs() {
		return (this.outcome == Outcome.DELAY) ? this.delayMs : 0;
	}

	/** How long the create call's answer is held. */
	long holdMs() {
		return (this.outcome == Outcome.TIMEOUT) ? this.delayMs : 0;
	}

}
