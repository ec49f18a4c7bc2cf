package dev.tccledger.ledger.freeze;

import java.time.Duration;
import java.util.List;

import io.seata.core.model.GlobalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.infra.Times;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.TcStatus;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds freezes left TRIED past their global transaction's timeout plus a margin and asks
 * the TC about each. Releases those whose transaction the TC no longer holds (it would
 * have confirmed this branch before forgetting a commit, so a forgotten one was not
 * committed) or has decided to roll back. Never touches one the TC is still running or
 * committing.
 */
@Component
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
public class FreezeSentinel {

	private static final Logger log = LoggerFactory.getLogger(FreezeSentinel.class);

	private final FreezeService freezes;

	private final Duration grace;

	FreezeSentinel(FreezeService freezes, @Value("${ledger.sentinel.grace-ms:120000}") long graceMs) {
		this.freezes = freezes;
		this.grace = Duration.ofMillis(graceMs);
	}

	/** What one sweep did. */
	public record Sweep(int examined, int released, int left) {
	}

	@Scheduled(initialDelayString = "${ledger.sentinel.period-ms:30000}",
			fixedDelayString = "${ledger.sentinel.period-ms:30000}")
	void scheduled() {
		Sweep sweep = sweep();
		if (sweep.examined() > 0) {
			log.info("sentinel: {} stale freezes examined, {} released, {} left to the TC", sweep.examined(),
					sweep.released(), sweep.left());
		}
	}

	public Sweep sweep() {
		List<Freeze> stale = this.freezes.triedBefore(Times.nowUtc().minus(this.grace), 200);
		int released = 0;
		for (Freeze freeze : stale) {
			GlobalStatus status = TcStatus.of(freeze.getXid());
			if (TcOutcome.of(status).neverConfirms()) {
				if (this.freezes.releaseBySentinel(freeze, status.name())) {
					log.warn("sentinel released freeze {} of {} (branch {}): the TC answered {}", freeze.getFreezeId(),
							freeze.getXid(), freeze.getBranchId(), status);
					released++;
				}
			}
		}
		return new Sweep(stale.size(), released, stale.size() - released);
	}

}
