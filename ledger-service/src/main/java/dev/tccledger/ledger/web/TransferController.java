package dev.tccledger.ledger.web;

import dev.tccledger.ledger.transfer.TransferService;

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

	@PostMapping("/api/v1/transfers")
	ResponseEntity<Views.TransferView> transfer(@RequestBody Requests.Transfer body) {
		TransferService.Transferred done = this.transfers.transfer(Requests.required("transferId", body.transferId()),
				Requests.required("fromAccountId", body.fromAccountId()),
				Requests.required("toAccountId", body.toAccountId()), Requests.required("amount", body.amount()));
		return ResponseEntity.status(done.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new Views.TransferView(body.transferId(), Views.BalanceView.of(done.from()),
					Views.BalanceView.of(done.to())));
	}

}
