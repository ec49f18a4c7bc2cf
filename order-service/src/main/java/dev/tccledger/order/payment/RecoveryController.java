package dev.tccledger.order.payment;

import java.util.Optional;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the recovery sentinel now, for an operator who does not want to wait for its
 * period.
 */
@RestController
class RecoveryController {

	private final Optional<OrderSentinel> sentinel;

	RecoveryController(Optional<OrderSentinel> sentinel) {
		this.sentinel = sentinel;
	}

	@PostMapping("/api/v1/recovery/sweeps")
	OrderSentinel.Sweep sweep() {
		return this.sentinel
			.orElseThrow(() -> new OrderException(OrderError.NOT_FOUND, "the sentinel runs only with Seata enabled"))
			.sweep();
	}

}
