package dev.tccledger.ledger.deposit;

import dev.tccledger.ledger.account.BalanceView;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DepositController {

	private final DepositService deposits;

	DepositController(DepositService deposits) {
		this.deposits = deposits;
	}

	record Deposit(Long amount, String reference, String reason) {
	}

	@PostMapping("/api/v1/accounts/{accountId}/deposits")
	ResponseEntity<BalanceView> deposit(@PathVariable String accountId, @RequestBody Deposit body) {
		DepositService.Deposited deposited = this.deposits.deposit(accountId,
				Requests.required("reference", body.reference()), Requests.required("amount", body.amount()),
				Requests.required("reason", body.reason()), Callers.actor());
		return ResponseEntity.status(deposited.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(BalanceView.of(deposited.account()));
	}

}
