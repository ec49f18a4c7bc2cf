package dev.tccledger.support.sweep;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The skeleton of every periodic sweep (the recovery sentinels; later workers): on a
 * fixed delay, and on demand through {@link #sweepNow()}, it claims the sweep's lease,
 * reads one batch of rows older than the grace period, handles each with the row's xid
 * and branch in the MDC, counts each outcome ({@code tcc.sweep.rows}, tags {@code sweep},
 * {@code outcome}), renews the lease as it goes and releases it after. Inside one
 * instance the scheduled and on-demand runs take turns; across instances the lease lets
 * one sweep at a time (docs/architecture.md, recovery).
 *
 * @param <T> a row to sweep
 * @param <O> what handling one row can end in
 */
public abstract class ScheduledSweep<T, O extends Enum<O>> implements SchedulingConfigurer {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private final SweepSettings settings;

	private final SweepLease lease;

	private final MeterRegistry meters;

	private final Class<O> outcomes;

	private final Clock clock = Clock.systemUTC();

	private final ReentrantLock turn = new ReentrantLock();

	protected ScheduledSweep(String name, SweepSettings settings, SweepLeases leases, MeterRegistry meters,
			Class<O> outcomes) {
		this.name = name;
		this.settings = settings;
		this.lease = leases.lease(name, settings.leaseTtl());
		this.meters = meters;
		this.outcomes = outcomes;
	}

	/** Up to {@code limit} rows created before {@code staleBefore} (UTC). */
	protected abstract List<T> batch(LocalDateTime staleBefore, int limit);

	/** Handles one row; a RuntimeException leaves it for the next sweep. */
	protected abstract O handle(T row);

	protected abstract String xidOf(T row);

	/** The branch the row stands for, or null when it has none. */
	protected abstract Long branchIdOf(T row);

	/** Sweeps now, after a run of this instance already under way. */
	public final SweepResult<O> sweepNow() {
		this.turn.lock();
		try {
			if (!this.lease.claim()) {
				return SweepResult.notLeased(this.outcomes);
			}
			try {
				return sweepLeased();
			}
			finally {
				this.lease.release();
			}
		}
		finally {
			this.turn.unlock();
		}
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar
			.addFixedDelayTask(new FixedDelayTask(this::scheduled, this.settings.period(), this.settings.period()));
	}

	private void scheduled() {
		try {
			SweepResult<O> result = sweepNow();
			if (result.examined() > 0) {
				this.log.info("{}: {} rows examined, {} failed, outcomes {}", this.name, result.examined(),
						result.failed(), result.outcomes());
			}
		}
		catch (RuntimeException unavailable) {
			// the database is down or the lease table unreachable: the next period tries
			// again
			this.log.warn("{}: sweep skipped: {}", this.name, unavailable.toString());
		}
	}

	private SweepResult<O> sweepLeased() {
		LocalDateTime staleBefore = LocalDateTime.now(this.clock)
			.truncatedTo(ChronoUnit.MICROS)
			.minus(this.settings.grace());
		List<T> rows = batch(staleBefore, this.settings.batchSize());
		EnumMap<O, Integer> counts = new EnumMap<>(this.outcomes);
		int examined = 0;
		int failed = 0;
		for (T row : rows) {
			if (!this.lease.renewIfDue()) {
				this.log.warn("{}: lease lost to another instance after {} rows; it sweeps the rest", this.name,
						examined);
				break;
			}
			examined++;
			String outcome = handleInMdc(row, counts);
			if (outcome == null) {
				failed++;
			}
		}
		return new SweepResult<>(true, examined, counts, failed);
	}

	/** The outcome's tag, or null when handling failed. */
	private String handleInMdc(T row, EnumMap<O, Integer> counts) {
		String xid = xidOf(row);
		Long branchId = branchIdOf(row);
		if (xid != null) {
			MDC.put("xid", xid);
		}
		if (branchId != null) {
			MDC.put("branchId", branchId.toString());
		}
		try {
			O outcome = handle(row);
			counts.merge(outcome, 1, Integer::sum);
			count(outcome.name().toLowerCase(Locale.ROOT));
			return outcome.name();
		}
		catch (RuntimeException failure) {
			count("failed");
			this.log.warn("{}: row left for the next sweep: {}", this.name, failure.toString());
			return null;
		}
		finally {
			MDC.remove("xid");
			MDC.remove("branchId");
		}
	}

	private void count(String outcome) {
		this.meters.counter("tcc.sweep.rows", "sweep", this.name, "outcome", outcome).increment();
	}

}
