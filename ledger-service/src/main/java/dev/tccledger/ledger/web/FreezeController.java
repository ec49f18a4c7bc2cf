package dev.tccledger.ledger.web;

import java.util.List;
import java.util.Optional;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.freeze.FreezeSentinel;
import dev.tccledger.ledger.freeze.FreezeService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Freezes by order (what order-service's recovery reads) and an on-demand sentinel sweep
 * for operators.
 */
@RestController
class FreezeController {

	private final FreezeService freezes;

	private final Optional<FreezeSentinel> sentinel;

	FreezeController(FreezeService freezes, Optional<FreezeSentinel> sentinel) {
		this.freezes = freezes;
		this.sentinel = sentinel;
	}

	@GetMapping("/api/v1/freezes")
	List<Views.FreezeView> byOrder(@RequestParam String orderNo) {
		return this.freezes.listByOrder(orderNo).stream().map(Views.FreezeView::of).toList();
	}

	@PostMapping("/api/v1/finance/sentinel/sweeps")
	FreezeSentinel.Sweep sweep() {
		return this.sentinel
			.orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND, "the sentinel runs only with Seata enabled"))
			.sweep();
	}

}
