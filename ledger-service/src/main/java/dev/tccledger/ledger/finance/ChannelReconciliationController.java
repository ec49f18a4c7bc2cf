package dev.tccledger.ledger.finance;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.web.Callers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A channel's statement of a day against the ledger (docs/http-api.md): reading a day
 * ({@code finance:read}) answers its stored run, or matches it now without storing it
 * when no run has finished; running it ({@code finance:operate}) calls the channel and
 * stores the result in place of the day's last run.
 */
@RestController
@RequestMapping("/api/v1/finance/channel-reconciliation")
class ChannelReconciliationController {

	private final ChannelReconciliationService reconciliation;

	ChannelReconciliationController(ChannelReconciliationService reconciliation) {
		this.reconciliation = reconciliation;
	}

	@GetMapping
	ChannelReconciliationService.View stored(@RequestParam String channel, @RequestParam String date) {
		return this.reconciliation.get(channel, day(date), Callers.actor());
	}

	@PostMapping
	ChannelReconciliationService.View run(@RequestParam String channel, @RequestParam String date) {
		return this.reconciliation.run(channel, day(date), Callers.actor());
	}

	private static LocalDate day(String date) {
		try {
			return LocalDate.parse(date);
		}
		catch (DateTimeParseException ex) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "date must be yyyy-MM-dd, was " + date);
		}
	}

}
