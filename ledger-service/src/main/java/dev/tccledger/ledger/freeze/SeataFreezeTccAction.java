package dev.tccledger.ledger.freeze;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import dev.tccledger.ledger.Actor;

import org.springframework.stereotype.Component;

/**
 * Translates Seata's action context into {@link FreezeService} calls and outcomes into
 * Seata's boolean. Business refusals of phase two never throw: an outcome that did not
 * succeed returns false so the TC retries; only infrastructure failures propagate.
 */
@Component
class SeataFreezeTccAction implements FreezeTccAction {

	private static final Logger log = LoggerFactory.getLogger(SeataFreezeTccAction.class);

	private final FreezeService freezes;

	SeataFreezeTccAction(FreezeService freezes) {
		this.freezes = freezes;
	}

	// The parameter annotations repeat the interface's on purpose: Seata 2.0.0 reads them
	// from
	// the invoked (implementation) method when it stores the action context for phase
	// two.
	@Override
	public Freeze freeze(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo,
			@BusinessActionContextParameter("accountId") String accountId,
			@BusinessActionContextParameter("payeeAccountId") String payeeAccountId,
			@BusinessActionContextParameter("amount") long amount, Actor triedBy) {
		try (var mdc = BranchMdc.of(context, null)) {
			return tryIn(context, new FreezeRequest(orderNo, accountId, payeeAccountId, amount), triedBy);
		}
	}

	@Override
	public Freeze refund(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo,
			@BusinessActionContextParameter("refundNo") String refundNo,
			@BusinessActionContextParameter("accountId") String accountId,
			@BusinessActionContextParameter("payeeAccountId") String payeeAccountId,
			@BusinessActionContextParameter("amount") long amount, Actor triedBy) {
		try (var mdc = BranchMdc.of(context, null)) {
			return tryIn(context, FreezeRequest.refund(orderNo, refundNo, accountId, payeeAccountId, amount), triedBy);
		}
	}

	private Freeze tryIn(BusinessActionContext context, FreezeRequest request, Actor triedBy) {
		FreezeService.TryResult result = this.freezes.tryFreeze(context.getXid(), context.getBranchId(), request,
				triedBy);
		log.atLevel(levelOf(result.outcome()))
			.log("try {} of {} for order {}: {} on {}", result.outcome(), request.kind(), request.orderNo(),
					request.amount(), request.accountId());
		return result.freeze();
	}

	@Override
	public boolean confirm(BusinessActionContext context) {
		try (var mdc = BranchMdc.of(context, Actor.TC)) {
			Outcome outcome = this.freezes.confirm(context.getXid(), context.getBranchId());
			log.atLevel(levelOf(outcome)).log("confirm {}", outcome);
			return outcome.succeeded();
		}
	}

	@Override
	public boolean cancel(BusinessActionContext context) {
		try (var mdc = BranchMdc.of(context, Actor.TC)) {
			Outcome outcome = this.freezes.cancel(context.getXid(), context.getBranchId(), requestOf(context));
			log.info("cancel {}", outcome);
			return outcome.succeeded();
		}
	}

	/**
	 * The usual outcome of a phase is already in the freeze row and the journal; a line
	 * per branch at INFO cost 5 % of the ledger's CPU (README, Benchmark). Everything
	 * else stays at INFO.
	 */
	private static Level levelOf(Outcome outcome) {
		return (outcome == Outcome.FROZEN || outcome == Outcome.CAPTURED) ? Level.DEBUG : Level.INFO;
	}

	/**
	 * What the try was asked, from the action context Seata stored when it registered the
	 * branch.
	 */
	static FreezeRequest requestOf(BusinessActionContext context) {
		// a payment's context holds no refundNo
		return new FreezeRequest(string(context, "orderNo"), string(context, "accountId"),
				string(context, "payeeAccountId"), number(context, "amount"), string(context, "refundNo"));
	}

	private static String string(BusinessActionContext context, String key) {
		Object value = context.getActionContext(key);
		return (value != null) ? value.toString() : null;
	}

	private static long number(BusinessActionContext context, String key) {
		Object value = context.getActionContext(key);
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return (value != null) ? Long.parseLong(value.toString()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Puts the xid and branch id in the logging MDC for the length of one phase call, and
	 * for phase two the TC as the subject: it arrives over Seata's RPC, where no request
	 * filter put a token's subject (a try's subject is already there, from its request).
	 */
	private record BranchMdc(String previousXid, boolean subject) implements AutoCloseable {

		static BranchMdc of(BusinessActionContext context, Actor phaseTwoActor) {
			BranchMdc mdc = new BranchMdc(MDC.get("xid"), phaseTwoActor != null);
			MDC.put("xid", context.getXid());
			MDC.put("branchId", Long.toString(context.getBranchId()));
			if (phaseTwoActor != null) {
				MDC.put("subject", phaseTwoActor.name());
			}
			return mdc;
		}

		@Override
		public void close() {
			MDC.remove("branchId");
			if (this.subject) {
				MDC.remove("subject");
			}
			if (this.previousXid != null) {
				MDC.put("xid", this.previousXid);
			}
			else {
				MDC.remove("xid");
			}
		}

	}

}
