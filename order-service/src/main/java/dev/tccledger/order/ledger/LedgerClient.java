package dev.tccledger.order.ledger;

import java.util.List;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ledger, found by service id through Spring Cloud discovery (simple by default,
 * Nacos under the nacos profile). The global transaction's xid travels in the TX_XID
 * header ({@link LedgerFeignConfiguration}).
 */
@FeignClient(name = "ledger-service", path = "/api/v1", configuration = LedgerFeignConfiguration.class)
public interface LedgerClient {

	@PostMapping("/tcc/freezes")
	FreezeAnswer freeze(@RequestBody FreezeCommand command);

	/** A refund branch's try: the payment in reverse, on the same freeze table. */
	@PostMapping("/tcc/refunds")
	FreezeAnswer refund(@RequestBody RefundCommand command);

	/** Every freeze the ledger holds for an order (recovery reads it). */
	@GetMapping("/freezes")
	List<FreezeRecord> freezesOf(@RequestParam("orderNo") String orderNo);

}
