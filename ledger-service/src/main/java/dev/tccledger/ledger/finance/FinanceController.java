package dev.tccledger.ledger.finance;

import java.time.Instant;
import java.util.List;

import dev.tccledger.ledger.anomaly.Anomaly;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/finance")
class FinanceController {

	private final FinanceService finance;

	private final AnomalyService anomalies;

	FinanceController(FinanceService finance, AnomalyService anomalies) {
		this.finance = finance;
		this.anomalies = anomalies;
	}

	/** The resolver is the caller: the answer's {@code resolvedBy}. */
	record Resolution(String note) {
	}

	record AnomalyView(long anomalyId, AnomalyKind kind, String xid, long branchId, String detail, int occurrences,
			boolean escalated, String resolvedBy, String resolutionNote, Instant resolvedAt, Instant createdAt,
			Instant lastSeenAt) {
		static AnomalyView of(Anomaly a) {
			return new AnomalyView(a.anomalyId(), a.kind(), a.xid(), a.branchId(), a.detail(), a.occurrences(),
					a.escalated(), a.resolvedBy(), a.resolutionNote(), Times.instant(a.resolvedAt()),
					Times.instant(a.createdAt()), Times.instant(a.lastSeenAt()));
		}
	}

	@GetMapping("/summary")
	FinanceService.Summary summary(@RequestParam String currency) {
		return this.finance.summary(currency);
	}

	@GetMapping("/reconciliation")
	FinanceService.Reconciliation reconciliation() {
		return this.finance.reconcile();
	}

	/**
	 * Newest first; {@code unresolved=true} lists only escalated anomalies still waiting
	 * for a person.
	 */
	@GetMapping("/anomalies")
	List<AnomalyView> anomalies(@RequestParam(required = false) AnomalyKind kind,
			@RequestParam(defaultValue = "false") boolean unresolved, @RequestParam(required = false) Integer limit) {
		return this.anomalies.list(kind, unresolved, Requests.limit(limit, 100)).stream().map(AnomalyView::of).toList();
	}

	@PostMapping("/anomalies/{anomalyId}/resolution")
	AnomalyView resolve(@PathVariable long anomalyId, @RequestBody Resolution body) {
		return AnomalyView
			.of(this.anomalies.resolve(anomalyId, Callers.actor(), Requests.required("note", body.note())));
	}

}
