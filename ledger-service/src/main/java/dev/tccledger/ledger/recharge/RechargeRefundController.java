package dev.tccledger.ledger.recharge;

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
class RechargeRefundController {

	private final RechargeRefundService refunds;

	RechargeRefundController(RechargeRefundService refunds) {
		this.refunds = refunds;
	}

	record RefundRequest(String refundNo, Long amount) {
	}

	record Accepted(String refundNo, String rechargeNo, long amount, OutboundStatus status) {
	}

	record RefundView(String refundNo, String rechargeNo, String accountId, long amount, OutboundStatus status,
			String reason, int attempts, Instant createdAt, Instant updatedAt) {
	}

	/** What finance sees of a refund: also the channel's answers and who settled it. */
	record FinanceView(String refundNo, String rechargeNo, String accountId, long amount, String currency,
			String channel, OutboundStatus status, String reason, String flag, int attempts, int failedCalls,
			String answers, String requestedBy, String settledBy, String resolutionNote, Instant createdAt,
			Instant updatedAt) {
	}

	/** 202 when held now, 200 for a replay (the refund as it is now). */
	@PostMapping("/api/v1/recharges/{rechargeNo}/refunds")
	ResponseEntity<Accepted> request(@PathVariable String rechargeNo, @RequestBody RefundRequest body) {
		RechargeRefundService.Requested done = this.refunds.request(rechargeNo,
				Requests.required("refundNo", body.refundNo()), Requests.required("amount", body.amount()),
				Callers.actor());
		RechargeRefund r = done.refund();
		return ResponseEntity.status(done.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.body(new Accepted(r.refundNo(), r.rechargeNo(), r.amount(), r.status()));
	}

	@GetMapping("/api/v1/recharges/{rechargeNo}/refunds/{refundNo}")
	RefundView get(@PathVariable String rechargeNo, @PathVariable String refundNo) {
		return view(this.refunds.get(rechargeNo, refundNo));
	}

	@PostMapping("/api/v1/recharges/{rechargeNo}/refunds/{refundNo}/resolution")
	RefundView resolve(@PathVariable String rechargeNo, @PathVariable String refundNo, @RequestBody Resolution body) {
		boolean succeeded = body.succeeded();
		String note = body.checkedNote();
		return view(this.refunds.resolve(rechargeNo, refundNo, succeeded, note, Callers.actor()));
	}

	/** Finance's list, NEEDS_ATTENTION by default: what a person has to settle. */
	@GetMapping("/api/v1/finance/recharge-refunds")
	List<FinanceView> list(@RequestParam(defaultValue = "NEEDS_ATTENTION") OutboundStatus status,
			@RequestParam(required = false) Integer limit) {
		return this.refunds.list(status, Requests.limit(limit, 100)).stream().map(this::financeView).toList();
	}

	private RefundView view(RechargeRefund r) {
		OutboundTask task = this.refunds.task(r.refundNo());
		return new RefundView(r.refundNo(), r.rechargeNo(), r.accountId(), r.amount(), r.status(), r.reason(),
				(task != null) ? task.attempts() : 0, Times.instant(r.createdAt()), Times.instant(r.updatedAt()));
	}

	private FinanceView financeView(RechargeRefund r) {
		OutboundTask task = this.refunds.task(r.refundNo());
		return new FinanceView(r.refundNo(), r.rechargeNo(), r.accountId(), r.amount(), r.currency(), r.channel(),
				r.status(), r.reason(), r.flag(), (task != null) ? task.attempts() : 0,
				(task != null) ? task.failedCalls() : 0, (task != null) ? task.answers() : "", r.requestedBy(),
				r.settledBy(), r.resolutionNote(), Times.instant(r.createdAt()), Times.instant(r.updatedAt()));
	}

}
