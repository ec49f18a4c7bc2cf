package dev.tccledger.channel.operation;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;
import dev.tccledger.channel.MerchantKeyFilter;
import dev.tccledger.channel.operation.Operation.Settlement;
import dev.tccledger.channel.operation.OperationService.Created;
import dev.tccledger.channel.operation.Requests.PaymentRequest;
import dev.tccledger.channel.operation.Requests.PayoutRequest;
import dev.tccledger.channel.operation.Requests.RefundRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant API: create (answered at once as PROCESSING, idempotent on the reference),
 * query by reference or by id, and settle a payment by hand.
 */
@RestController
@RequestMapping("/sim/v1")
class OperationController {

	private static final String REASON_PATTERN = "[A-Z][A-Z0-9_]{0,63}";

	private final OperationService operations;

	OperationController(OperationService operations) {
		this.operations = operations;
	}

	@PostMapping("/payments")
	OperationView pay(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@RequestBody PaymentRequest request) throws InterruptedException {
		return answer(this.operations.pay(merchant, request));
	}

	@PostMapping("/payouts")
	OperationView payout(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@RequestBody PayoutRequest request) throws InterruptedException {
		return answer(this.operations.payout(merchant, request));
	}

	@PostMapping("/refunds")
	OperationView refund(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@RequestBody RefundRequest request) throws InterruptedException {
		return answer(this.operations.refund(merchant, request));
	}

	/** {@code TIMEOUT}: it is stored and will settle; only the answer comes too late. */
	private static OperationView answer(Created created) throws InterruptedException {
		if (created.holdMs() > 0) {
			Thread.sleep(created.holdMs());
		}
		return created.view();
	}

	@GetMapping("/{collection:payments|payouts|refunds}")
	OperationView byReference(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@PathVariable String collection, @RequestParam String reference) {
		return this.operations.byReference(merchant, OperationType.ofPath(collection), reference);
	}

	@GetMapping("/{collection:payments|payouts|refunds}/{channelTxId}")
	OperationView byId(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant, @PathVariable String collection,
			@PathVariable String channelTxId) {
		return this.operations.byId(merchant, OperationType.ofPath(collection), channelTxId);
	}

	@PostMapping("/payments/{channelTxId}/pay")
	OperationView paidByHand(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@PathVariable String channelTxId) {
		return this.operations.settleByHand(merchant, channelTxId, new Settlement(OperationStatus.SUCCEEDED, null));
	}

	/** The customer declines; {@code reason} defaults to {@code PAYER_DECLINED}. */
	@PostMapping("/payments/{channelTxId}/fail")
	OperationView failedByHand(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@PathVariable String channelTxId, @RequestParam(required = false) String reason) {
		String why = (reason == null) ? OperationType.PAYMENT.failureReason() : reason;
		if (!why.matches(REASON_PATTERN)) {
			throw new ChannelException(ChannelError.VALIDATION_FAILED,
					"reason must be an upper-case code like PAYER_DECLINED");
		}
		return this.operations.settleByHand(merchant, channelTxId, new Settlement(OperationStatus.FAILED, why));
	}

}
