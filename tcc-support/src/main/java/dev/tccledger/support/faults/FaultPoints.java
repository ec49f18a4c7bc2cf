package dev.tccledger.support.faults;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in the code where a test can make the process fail, stall or die on
 * purpose through the real TC. Code calls {@link #hit(String)} at each point; with no
 * rule armed (the only possibility outside the faults profile) that is a map lookup and
 * nothing else.
 */
public class FaultPoints {

	private static final Logger log = LoggerFactory.getLogger(FaultPoints.class);

	/** Exit status of a HALT, as a shell reports a process killed by SIGKILL. */
	public static final int HALT_STATUS = 137;

	/**
	 * An armed rule: what to do, and how many more hits it applies to (-1: every hit).
	 */
	public record Rule(FaultAction action, int times, long delayMs) {
	}

	private final Set<String> known;

	private final Map<String, Armed> armed = new ConcurrentHashMap<>();

	/**
	 * How often each point fired since it was last armed, kept after its rule is used up
	 * so that a test can prove a fault it armed really happened.
	 */
	private final Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private record Armed(Rule rule, AtomicInteger remaining) {
	}

	public FaultPoints(List<String> knownPoints, MeterRegistry meters) {
		this.known = new LinkedHashSet<>(knownPoints);
		this.meters = meters;
	}

	public Set<String> knownPoints() {
		return Set.copyOf(this.known);
	}

	public boolean isKnown(String point) {
		return this.known.contains(point);
	}

	public void arm(String point, Rule rule) {
		if (!isKnown(point)) {
			throw new IllegalArgumentException("unknown fault point " + point + "; known: " + this.known);
		}
		this.fired.put(point, new AtomicInteger());
		this.armed.put(point, new Armed(rule, new AtomicInteger(rule.times())));
		log.warn("fault point {} armed: {}", point, rule);
	}

	public void clear() {
		this.armed.clear();
		this.fired.clear();
	}

	/** Per point armed since the last {@link #clear()}: how often it fired. */
	public Map<String, Integer> fired() {
		Map<String, Integer> counts = new TreeMap<>();
		this.fired.forEach((point, n) -> counts.put(point, n.get()));
		return counts;
	}

	/** The armed rules with how many hits each has left. */
	public Map<String, Rule> list() {
		Map<String, Rule> rules = new TreeMap<>();
		this.armed.forEach(
				(point, a) -> rules.put(point, new Rule(a.rule().action(), a.remaining().get(), a.rule().delayMs())));
		return rules;
	}

	/** Applies the rule armed at {@code point}, if any. */
	public void hit(String point) {
		Armed a = this.armed.get(point);
		if (a == null) {
			return;
		}
		int left = a.remaining().getAndUpdate((n) -> (n > 0) ? n - 1 : n);
		if (left == 0) {
			this.armed.remove(point, a);
			return;
		}
		if (left == 1) {
			this.armed.remove(point, a);
		}
		this.fired.computeIfAbsent(point, (p) -> new AtomicInteger()).incrementAndGet();
		this.meters.counter("tcc.faults.triggered", "point", point, "action", a.rule().action().name()).increment();
		log.warn("fault point {} triggered: {}", point, a.rule().action());
		switch (a.rule().action()) {
			case FAIL -> throw new FaultInjectedException(point);
			case DELAY -> sleep(a.rule().delayMs());
			case HALT -> {
				System.err.println("fault point " + point + ": HALT");
				Runtime.getRuntime().halt(HALT_STATUS);
			}
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
