package dev.tccledger.ledger.withdrawal;

import java.time.Instant;
import java.util.List;

import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.outbound.OutboundStatus;
import dev.tccledger.ledger.outbound.OutboundTask;
import dev.tccledger.ledger.outbound.Resolution;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WithdrawalController {

	private final WithdrawalService withdrawals;

	WithdrawalController(WithdrawalService withdrawals) {
		this.withdrawals = withdrawals;
	}

	record WithdrawalRequest(String withdrawalNo, String accountId, Long amount, String destination) {
	}

	record Accepted(String withdrawalNo, String accountId, long amount, OutboundStatus status) {
	}

	record WithdrawalView(String withdrawalNo, String accountId, long amount, OutboundStatus status, String reason,
			int attempts, Instant createdAt, Instant updatedAt) {
	}

	/**
	 * What finance sees of a withdrawal: also the channel's answers and who settled it.
	 */
	record FinanceView(String withdrawalNo, String accountId, long amount, String currency, String destination,
			String channel, OutboundStatus status, String reason, String flag, int attempts, int failedCalls,
			String answers, String requestedBy, String settledBy, String resolutionNote, Instant createdAt,
			Instant updatedAt) {
	}

	@PostMapping("/api/v1/withdrawals")
	ResponseEntity<Accepted> request(@RequestBody WithdrawalRequest body) {
		WithdrawalService.Requested done = this.withdrawals.request(
				Requests.required("withdrawalNo", body.withdrawalNo()),
				Requests.required("accountId", body.accountId()), Requests.required("amount", body.amount()),
				Requests.required("destination", body.destination()), Callers.actor());
		Withdrawal w = done.withdrawal();
		return ResponseEntity.status(done.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.body(new Accepted(w.withdrawalNo(), w.accountId(), w.amount(), w.status()));
	}

	@GetMapping("/api/v1/withdrawals/{withdrawalNo}")
	WithdrawalView get(@PathVariable String withdrawalNo) {
		return view(this.withdrawals.get(withdrawalNo));
	}

	@PostMapping("/api/v1/withdrawals/{withdrawalNo}/resolution")
	WithdrawalView resolve(@PathVariable String withdrawalNo, @RequestBody Resolution body) {
		boolean succeeded = body.succeeded();
		String note = body.checkedNote();
		return view(this.withdrawals.resolve(withdrawalNo, succeeded, note, Callers.actor()));
	}

	/** Finance's list, NEEDS_ATTENTION by default: what a person has to settle. */
	@GetMapping("/api/v1/finance/withdrawals")
	List<FinanceView> list(@RequestParam(defaultValue = "NEEDS_ATTENTION") OutboundStatus status,
			@RequestParam(required = false) Integer limit) {
		return this.withdrawals.list(status, Requests.limit(limit, 100)).stream().map(this::financeView).toList();
	}

	private WithdrawalView view(Withdrawal w) {
		OutboundTask task = this.withdrawals.task(w.withdrawalNo());
		return new WithdrawalView(w.withdrawalNo(), w.accountId(), w.amount(), w.status(), w.reason(),
				(task != null) ? task.attempts() : 0, Times.instant(w.createdAt()), Times.instant(w.updatedAt()));
	}

	private FinanceView financeView(Withdrawal w) {
		OutboundTask task = this.withdrawals.task(w.withdrawalNo());
		return new FinanceView(w.withdrawalNo(), w.accountId(), w.amount(), w.currency(), w.destination(), w.channel(),
				w.status(), w.reason(), w.flag(), (task != null) ? task.attempts() : 0,
				(task != null) ? task.failedCalls() : 0, (task != null) ? task.answers() : "", w.requestedBy(),
				w.settledBy(), w.resolutionNote(), Times.instant(w.createdAt()), Times.instant(w.updatedAt()));
	}

}
