package dev.tccledger.ledger.finance;

import java.time.LocalDate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reconciles yesterday's statements (and days a failed or missed schedule left) once a
 * day on every instance; the day's claim lets one instance run it
 * ({@link ChannelReconciliationService#runDue}).
 */
@Component
@ConditionalOnProperty(name = "ledger.channel-reconciliation.enabled", havingValue = "true", matchIfMissing = true)
class ChannelReconciliationSchedule {

	private final ChannelReconciliationService reconciliation;

	ChannelReconciliationSchedule(ChannelReconciliationService reconciliation) {
		this.reconciliation = reconciliation;
	}

	@Scheduled(cron = "${ledger.channel-reconciliation.cron:0 30 1 * * *}",
			zone = "${ledger.channel-reconciliation.zone:UTC}")
	void daily() {
		this.reconciliation.runDue(LocalDate.now(this.reconciliation.zone()));
	}

}
