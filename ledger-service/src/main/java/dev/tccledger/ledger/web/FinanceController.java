package dev.tccledger.ledger.web;

import java.util.List;

import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.finance.FinanceService;

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
	List<Views.AnomalyView> anomalies(@RequestParam(required = false) AnomalyKind kind,
			@RequestParam(defaultValue = "false") boolean unresolved, @RequestParam(required = false) Integer limit) {
		return this.anomalies.list(kind, unresolved, Requests.limit(limit, 100))
			.stream()
			.map(Views.AnomalyView::of)
			.toList();
	}

	@PostMapping("/anomalies/{anomalyId}/resolution")
	Views.AnomalyView resolve(@PathVariable long anomalyId, @RequestBody Requests.Resolution body) {
		return Views.AnomalyView.of(this.anomalies.resolve(anomalyId,
				Requests.required("resolvedBy", body.resolvedBy()), Requests.required("note", body.note())));
	}

}
