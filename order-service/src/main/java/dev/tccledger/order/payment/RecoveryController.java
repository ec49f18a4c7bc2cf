package dev.tccledger.order.payment;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.security.Caller;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the recovery sentinel now, for an operator who does not want to wait for its
 * period.
 */
@RestController
class RecoveryController {

	private static final Logger log = LoggerFactory.getLogger(RecoveryController.class);

	private final Optional<OrderSentinel> sentinel;

	RecoveryController(Optional<OrderSentinel> sentinel) {
		this.sentinel = sentinel;
	}

	@PostMapping("/api/v1/recovery/sweeps")
	OrderSentinel.Sweep sweep() {
		OrderSentinel sentinel = this.sentinel
			.orElseThrow(() -> new OrderException(OrderError.NOT_FOUND, "the sentinel runs only with Seata enabled"));
		// it may settle anyone's orders: who asked is logged with what it did
		String caller = Caller.subject();
		log.info("recovery sweep requested by {}", caller);
		OrderSentinel.Sweep sweep = sentinel.sweep();
		log.info("recovery sweep requested by {}: {} examined, {} settled", caller, sweep.examined(), sweep.settled());
		return sweep;
	}

}
