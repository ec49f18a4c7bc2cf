package dev.tccledger.order.payment;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.security.Caller;
import dev.tccledger.support.sweep.SweepResult;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the recovery sentinels (orders, then refunds) now, for an operator who does not
 * want to wait for their period.
 */
@RestController
class RecoveryController {

	private static final Logger log = LoggerFactory.getLogger(RecoveryController.class);

	private final Optional<OrderSentinel> sentinel;

	private final Optional<RefundSentinel> refundSentinel;

	RecoveryController(Optional<OrderSentinel> sentinel, Optional<RefundSentinel> refundSentinel) {
		this.sentinel = sentinel;
		this.refundSentinel = refundSentinel;
	}

	/**
	 * One sweep of each sentinel: orders examined and settled, then refunds.
	 */
	record Sweeps(int examined, int settled, int refundsExamined, int refundsSettled) {
	}

	@PostMapping("/api/v1/recovery/sweeps")
	Sweeps sweep() {
		if (this.sentinel.isEmpty() || this.refundSentinel.isEmpty()) {
			throw new OrderException(OrderError.NOT_FOUND, "the sentinels run only with Seata enabled");
		}
		// they may settle anyone's orders and refunds: who asked is logged with what they
		// did
		String caller = Caller.subject();
		log.info("recovery sweep requested by {}", caller);
		OrderSentinel.Sweep orders = this.sentinel.get().sweep();
		SweepResult<RefundSentinel.Outcome> refunds = this.refundSentinel.get().sweepNow();
		int refundsSettled = refunds.count(RefundSentinel.Outcome.SETTLED);
		log.info("recovery sweep requested by {}: orders {} examined, {} settled; refunds {} examined, {} settled",
				caller, orders.examined(), orders.settled(), refunds.examined(), refundsSettled);
		return new Sweeps(orders.examined(), orders.settled(), refunds.examined(), refundsSettled);
	}

}
