package dev.tccledger.ledger.recharge;

import java.time.Instant;

import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RechargeController {

	private final RechargeService recharges;

	RechargeController(RechargeService recharges) {
		this.recharges = recharges;
	}

	record NewRecharge(String rechargeNo, String accountId, Long amount) {
	}

	record Created(String rechargeNo, String accountId, long amount, RechargeStatus status, String channelTxId) {
	}

	record View(String rechargeNo, String accountId, long amount, RechargeStatus status, String channelTxId,
			String reason, Instant createdAt, Instant updatedAt) {

		static View of(Recharge r) {
			return new View(r.rechargeNo(), r.accountId(), r.amount(), r.status(), r.channelTxId(), r.reason(),
					Times.instant(r.createdAt()), Times.instant(r.updatedAt()));
		}

	}

	/**
	 * 201 with the recharge as it stands after the channel was asked: PENDING with the
	 * channel's id, PENDING without one when the channel did not answer (the sentinel
	 * follows up), FAILED when the channel refused it.
	 */
	@PostMapping("/api/v1/recharges")
	ResponseEntity<Created> create(@RequestBody NewRecharge body) {
		RechargeService.Created created = this.recharges.create(Requests.required("rechargeNo", body.rechargeNo()),
				Requests.required("accountId", body.accountId()), Requests.required("amount", body.amount()),
				Callers.actor());
		Recharge r = created.recharge();
		return ResponseEntity.status(created.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new Created(r.rechargeNo(), r.accountId(), r.amount(), r.status(), r.channelTxId()));
	}

	@GetMapping("/api/v1/recharges/{rechargeNo}")
	View get(@PathVariable String rechargeNo) {
		return View.of(this.recharges.get(rechargeNo));
	}

}
