package dev.tccledger.ledger.transfer;

import dev.tccledger.ledger.account.BalanceView;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TransferController {

	private final TransferService transfers;

	TransferController(TransferService transfers) {
		this.transfers = transfers;
	}

	record Transfer(String transferId, String fromAccountId, String toAccountId, Long amount) {
	}

	record TransferView(String transferId, BalanceView from, BalanceView to) {
	}

	@PostMapping("/api/v1/transfers")
	ResponseEntity<TransferView> transfer(@RequestBody Transfer body) {
		TransferService.Transferred done = this.transfers.transfer(Requests.required("transferId", body.transferId()),
				Requests.required("fromAccountId", body.fromAccountId()),
				Requests.required("toAccountId", body.toAccountId()), Requests.required("amount", body.amount()),
				Callers.actor());
		return ResponseEntity.status(done.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new TransferView(body.transferId(), BalanceView.of(done.from()), BalanceView.of(done.to())));
	}

}
