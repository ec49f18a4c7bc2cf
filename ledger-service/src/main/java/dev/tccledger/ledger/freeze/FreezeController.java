package dev.tccledger.ledger.freeze;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.web.Requests;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Freezes by order (what order-service's recovery reads) and by account, and an on-demand
 * sentinel sweep for operators.
 */
@RestController
class FreezeController {

	private final FreezeService freezes;

	private final Optional<FreezeSentinel> sentinel;

	FreezeController(FreezeService freezes, Optional<FreezeSentinel> sentinel) {
		this.freezes = freezes;
		this.sentinel = sentinel;
	}

	/**
	 * {@code kind} PAYMENT or REFUND ({@code refundNo} set); {@code refundClaimed}: on a
	 * payment, what live refunds claim of it.
	 */
	record FreezeView(long freezeId, String xid, long branchId, FreezeKind kind, String orderNo, String refundNo,
			String accountId, String payeeAccountId, long amount, long refundClaimed, FreezeStatus status,
			Instant createdAt, Instant updatedAt) {
		static FreezeView of(Freeze f) {
			return new FreezeView(f.getFreezeId(), f.getXid(), f.getBranchId(), f.getKind(), f.getOrderNo(),
					f.getRefundNo(), f.getAccountId(), f.getPayeeAccountId(), f.getAmount(), f.getRefundClaimed(),
					f.getStatus(), Times.instant(f.getCreatedAt()), Times.instant(f.getUpdatedAt()));
		}
	}

	@GetMapping("/api/v1/freezes")
	List<FreezeView> byOrder(@RequestParam String orderNo) {
		return this.freezes.listByOrder(orderNo).stream().map(FreezeView::of).toList();
	}

	@GetMapping("/api/v1/accounts/{accountId}/freezes")
	List<FreezeView> byAccount(@PathVariable String accountId, @RequestParam(required = false) FreezeStatus status,
			@RequestParam(required = false) Integer limit) {
		return this.freezes.listByAccount(accountId, status, Requests.limit(limit, 100))
			.stream()
			.map(FreezeView::of)
			.toList();
	}

	@PostMapping("/api/v1/finance/sentinel/sweeps")
	FreezeSentinel.Sweep sweep() {
		return this.sentinel
			.orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND, "the sentinel runs only with Seata enabled"))
			.sweep();
	}

}
