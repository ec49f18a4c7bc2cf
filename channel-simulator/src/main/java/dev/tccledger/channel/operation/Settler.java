package dev.tccledger.channel.operation;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The customer paying, the bank paying out, the refund going through: on a clock. */
@Component
class Settler {

	private final OperationService operations;

	Settler(OperationService operations) {
		this.operations = operations;
	}

	@Scheduled(fixedDelayString = "${channel.tick-ms}")
	void settleDue() {
		while (this.operations.settleDue() > 0) {
			// more may be due than one batch holds
		}
	}

}
