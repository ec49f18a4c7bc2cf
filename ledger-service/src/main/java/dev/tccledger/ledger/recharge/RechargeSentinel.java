package dev.tccledger.ledger.recharge;

import java.time.LocalDateTime;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import dev.tccledger.support.sweep.ScheduledSweep;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Chases recharges left PENDING past the grace period: asks the channel and settles from
 * its answer (a lost callback), sends a create that never arrived again, and expires one
 * the channel does not know once its payment could no longer be paid. One ledger instance
 * sweeps at a time (the lease "recharge-sentinel"). Outcomes are counted as
 * {@code tcc.sweep.rows{sweep="recharge-sentinel"}}.
 */
@Component
public class RechargeSentinel extends ScheduledSweep<Recharge, RechargeService.Chased> {

	private final RechargeService recharges;

	RechargeSentinel(RechargeService recharges, SweepLeases leases, MeterRegistry meters,
			@Value("${ledger.recharges.period-ms:15000}") long periodMs,
			@Value("${ledger.recharges.grace-ms:60000}") long graceMs,
			@Value("${ledger.recharges.batch-size:200}") int batchSize,
			@Value("${ledger.recharges.lease-ttl-ms:60000}") long leaseTtlMs) {
		super("recharge-sentinel", SweepSettings.ofMillis(periodMs, graceMs, batchSize, leaseTtlMs), leases, meters,
				RechargeService.Chased.class);
		this.recharges = recharges;
	}

	@Override
	protected List<Recharge> batch(LocalDateTime staleBefore, int limit) {
		return this.recharges.pendingBefore(staleBefore, limit);
	}

	@Override
	protected RechargeService.Chased handle(Recharge recharge) {
		return this.recharges.chase(recharge);
	}

	@Override
	protected String xidOf(Recharge recharge) {
		// recharges have no global transaction
		return null;
	}

	@Override
	protected Long branchIdOf(Recharge recharge) {
		return null;
	}

}
