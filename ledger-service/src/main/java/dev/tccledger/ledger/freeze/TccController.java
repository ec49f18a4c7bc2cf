package dev.tccledger.ledger.freeze;

import java.util.function.Function;

import io.seata.core.context.RootContext;

import dev.tccledger.ledger.Actor;
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

	/**
	 * A refund of a paid order: {@code accountId} is the order's payee (the money comes
	 * from it), {@code payeeAccountId} the paying leg's account (it goes back there).
	 */
	record RefundBody(String orderNo, String refundNo, String accountId, String payeeAccountId, Long amount,
			String currency) {
	}

	@PostMapping("/api/v1/tcc/freezes")
	TryView freeze(@RequestHeader(name = XID_HEADER, required = false) String xid, @RequestBody TryBody body) {
		requireXid(xid);
		var request = new FreezeRequest(Requests.required("orderNo", body.orderNo()),
				Requests.required("accountId", body.accountId()),
				Requests.required("payeeAccountId", body.payeeAccountId()), Requests.required("amount", body.amount()));
		return inBranch(xid, request, body.currency(), (caller) -> this.action.freeze(null, request.orderNo(),
				request.accountId(), request.payeeAccountId(), request.amount(), caller));
	}

	/** The refund branch's try: the same table and state table as a payment's. */
	@PostMapping("/api/v1/tcc/refunds")
	TryView refund(@RequestHeader(name = XID_HEADER, required = false) String xid, @RequestBody RefundBody body) {
		requireXid(xid);
		var request = FreezeRequest.refund(Requests.required("orderNo", body.orderNo()),
				Requests.required("refundNo", body.refundNo()), Requests.required("accountId", body.accountId()),
				Requests.required("payeeAccountId", body.payeeAccountId()), Requests.required("amount", body.amount()));
		return inBranch(xid, request, body.currency(), (caller) -> this.action.refund(null, request.orderNo(),
				request.refundNo(), request.accountId(), request.payeeAccountId(), request.amount(), caller));
	}

	private static void requireXid(String xid) {
		if (xid == null || xid.isBlank() || xid.length() > 128) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"a try must carry its global transaction id in the " + XID_HEADER + " header");
		}
	}

	/** Checks before Seata registers a branch (bad input costs none), then the try. */
	private TryView inBranch(String xid, FreezeRequest request, String currency, Function<Actor, Freeze> tryIt) {
		this.freezes.precheck(request, currency);
		var caller = Callers.actor();
		String previous = RootContext.unbind();
		RootContext.bind(xid);
		try {
			return TryView.of(tryIt.apply(caller));
		}
		finally {
			RootContext.unbind();
			if (previous != null) {
				RootContext.bind(previous);
			}
		}
	}

}
