package dev.tccledger.support.sweep;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one sweep did: whether this instance held the lease (another instance sweeping is
 * not a failure, just nothing done here), how many rows it examined, how many ended in
 * each outcome, and how many failed (left for the next sweep).
 */
public record SweepResult<O extends Enum<O>>(boolean leased, int examined, Map<O, Integer> outcomes, int failed) {

	public SweepResult {
		outcomes = Collections.unmodifiableMap(new EnumMap<>(outcomes));
	}

	static <O extends Enum<O>> SweepResult<O> notLeased(Class<O> outcomes) {
		return new SweepResult<>(false, 0, new EnumMap<>(outcomes), 0);
	}

	public int count(O outcome) {
		return this.outcomes.getOrDefault(outcome, 0);
	}

}
