package dev.tccledger.support.faults;

public enum FaultAction {

	/** throw {@link FaultInjectedException} at the point */
	FAIL,
	/** sleep {@code delayMs} at the point, then go on */
	DELAY,
	/** {@code Runtime.halt}: the process dies at the point as if by kill -9 */
	HALT

}
