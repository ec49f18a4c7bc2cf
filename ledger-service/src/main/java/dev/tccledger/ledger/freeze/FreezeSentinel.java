package dev.tccledger.ledger.freeze;

import java.time.LocalDateTime;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.seata.core.model.GlobalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.TcStatus;
import dev.tccledger.support.sweep.ScheduledSweep;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepResult;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Finds freezes left TRIED past their global transaction's timeout plus a margin and asks
 * the TC about each. Releases those whose transaction the TC no longer holds (it would
 * have confirmed this branch before forgetting a commit, so a forgotten one was not
 * committed) or has decided to roll back. Never touches one the TC is still running or
 * committing. One ledger instance sweeps at a time (the lease "ledger-sentinel").
 */
@Component
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
public class FreezeSentinel extends ScheduledSweep<Freeze, FreezeSentinel.Outcome> {

	private static final Logger log = LoggerFactory.getLogger(FreezeSentinel.class);

	enum Outcome {

		RELEASED, LEFT_TO_TC

	}

	private final FreezeService freezes;

	FreezeSentinel(FreezeService freezes, SweepLeases leases, MeterRegistry meters,
			@Value("${ledger.sentinel.period-ms:30000}") long periodMs,
			@Value("${ledger.sentinel.grace-ms:60000}") long graceMs,
			@Value("${ledger.sentinel.batch-size:200}") int batchSize,
			@Value("${ledger.sentinel.lease-ttl-ms:60000}") long leaseTtlMs) {
		super("ledger-sentinel", SweepSettings.ofMillis(periodMs, graceMs, batchSize, leaseTtlMs), leases, meters,
				Outcome.class);
		this.freezes = freezes;
	}

	/**
	 * What one sweep did; all zero when another instance holds the lease (it sweeps
	 * instead).
	 */
	public record Sweep(int examined, int released, int left) {
	}

	public Sweep sweep() {
		SweepResult<Outcome> result = sweepNow();
		int released = result.count(Outcome.RELEASED);
		return new Sweep(result.examined(), released, result.examined() - released);
	}

	@Override
	protected List<Freeze> batch(LocalDateTime staleBefore, int limit) {
		return this.freezes.triedBefore(staleBefore, limit);
	}

	@Override
	protected Outcome handle(Freeze freeze) {
		GlobalStatus status = TcStatus.of(freeze.getXid());
		if (TcOutcome.of(status).neverConfirms() && this.freezes.releaseBySentinel(freeze, status.name())) {
			log.warn("sentinel released freeze {} of {} (branch {}): the TC answered {}", freeze.getFreezeId(),
					freeze.getXid(), freeze.getBranchId(), status);
			return Outcome.RELEASED;
		}
		return Outcome.LEFT_TO_TC;
	}

	@Override
	protected String xidOf(Freeze freeze) {
		return freeze.getXid();
	}

	@Override
	protected Long branchIdOf(Freeze freeze) {
		return freeze.getBranchId();
	}

}
