package dev.tccledger.ledger.freeze;

import io.seata.core.context.RootContext;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.web.Callers;
import dev.tccledger.ledger.web.Requests;

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

	/** {@code currency} is optional: when given, the payer's account must hold it. */
	record TryBody(String orderNo, String accountId, String payeeAccountId, Long amount, String currency) {
	}

	record TryView(long freezeId, String xid, long branchId, FreezeStatus status) {
		static TryView of(Freeze f) {
			return new TryView(f.getFreezeId(), f.getXid(), f.getBranchId(), f.getStatus());
		}
	}

	@PostMapping("/api/v1/tcc/freezes")
	TryView freeze(@RequestHeader(name = XID_HEADER, required = false) String xid, @RequestBody TryBody body) {
		if (xid == null || xid.isBlank() || xid.length() > 128) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"a try must carry its global transaction id in the " + XID_HEADER + " header");
		}
		String orderNo = Requests.required("orderNo", body.orderNo());
		String accountId = Requests.required("accountId", body.accountId());
		String payee = Requests.required("payeeAccountId", body.payeeAccountId());
		long amount = Requests.required("amount", body.amount());
		this.freezes.precheck(new FreezeRequest(orderNo, accountId, payee, amount), body.currency());
		var caller = Callers.actor();
		String previous = RootContext.unbind();
		RootContext.bind(xid);
		try {
			return TryView.of(this.action.freeze(null, orderNo, accountId, payee, amount, caller));
		}
		finally {
			RootContext.unbind();
			if (previous != null) {
				RootContext.bind(previous);
			}
		}
	}

}
