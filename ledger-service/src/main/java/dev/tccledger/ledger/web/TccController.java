package dev.tccledger.ledger.web;

import io.seata.core.context.RootContext;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.freeze.FreezeRequest;
import dev.tccledger.ledger.freeze.FreezeService;
import dev.tccledger.ledger.freeze.FreezeTccAction;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Phase one over HTTP. The caller's global transaction arrives as the {@code TX_XID}
 * header; binding it makes Seata register this call as a branch of that transaction, so
 * the TC later confirms or cancels it here. Confirm and cancel have no HTTP endpoint.
 */
@RestController
class TccController {

	static final String XID_HEADER = RootContext.KEY_XID;

	private final FreezeTccAction action;

	private final FreezeService freezes;

	TccController(FreezeTccAction action, FreezeService freezes) {
		this.action = action;
		this.freezes = freezes;
	}

	@PostMapping("/api/v1/tcc/freezes")
	Views.TryView freeze(@RequestHeader(name = XID_HEADER, required = false) String xid,
			@RequestBody Requests.Freeze body) {
		if (xid == null || xid.isBlank() || xid.length() > 128) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"a try must carry its global transaction id in the " + XID_HEADER + " header");
		}
		String orderNo = Requests.required("orderNo", body.orderNo());
		String accountId = Requests.required("accountId", body.accountId());
		String payee = Requests.required("payeeAccountId", body.payeeAccountId());
		long amount = Requests.required("amount", body.amount());
		this.freezes.precheck(new FreezeRequest(orderNo, accountId, payee, amount), body.currency());
		String previous = RootContext.unbind();
		RootContext.bind(xid);
		try {
			return Views.TryView.of(this.action.freeze(null, orderNo, accountId, payee, amount));
		}
		finally {
			RootContext.unbind();
			if (previous != null) {
				RootContext.bind(previous);
			}
		}
	}

}
