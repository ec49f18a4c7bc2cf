package dev.tccledger.ledger.support;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelStatements;
import dev.tccledger.ledger.channel.StatementLine;

/**
 * The channel {@code sim}'s statements as a test writes them, day by day (a day nobody
 * wrote is empty). Counts the fetches per day; can be down, or hold fetches at a gate so
 * that two runs overlap. A test context takes it with
 * {@code @Import(FakeStatements.class)} and {@code ledger.channels.sim.statements=fake}.
 */
public class FakeStatements implements ChannelStatements {

	private final Map<LocalDate, List<StatementLine>> days = new ConcurrentHashMap<>();

	private final Map<LocalDate, AtomicInteger> fetches = new ConcurrentHashMap<>();

	private volatile boolean down;

	private volatile CountDownLatch gate;

	@Override
	public String channel() {
		return "sim";
	}

	public FakeStatements day(LocalDate day, StatementLine... lines) {
		this.days.put(day, new ArrayList<>(List.of(lines)));
		return this;
	}

	public void down(boolean down) {
		this.down = down;
	}

	/** Fetches wait for this gate to open (at most 10 s). */
	public void hold(CountDownLatch gate) {
		this.gate = gate;
	}

	public int fetches(LocalDate day) {
		AtomicInteger n = this.fetches.get(day);
		return (n != null) ? n.get() : 0;
	}

	@Override
	public List<StatementLine> statement(LocalDate day) throws ChannelCallFailure {
		this.fetches.computeIfAbsent(day, (d) -> new AtomicInteger()).incrementAndGet();
		CountDownLatch waitFor = this.gate;
		if (waitFor != null) {
			try {
				waitFor.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.down) {
			throw new ChannelCallFailure(ChannelCallFailure.Kind.NOT_SENT, null, "fake statement: channel down", null);
		}
		return List.copyOf(this.days.getOrDefault(day, List.of()));
	}

}
