package dev.tccledger.support.faults;

/** Thrown at a fault point armed with FAIL. */
public class FaultInjectedException extends RuntimeException {

	public FaultInjectedException(String point) {
		super("fault injected at " + point);
	}

}
