package dev.tccledger.ledger.freeze;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;

import dev.tccledger.ledger.Actor;

/**
 * The ledger's TCC branch as Seata sees it. Public because the TC's confirm and cancel
 * reach these methods by reflection. Call {@link #freeze} with a null context while a
 * global transaction's xid is bound: Seata registers the branch first, then passes the
 * context with the xid and branch id in. {@code triedBy} is not part of the action
 * context: phase two is made by the TC, whoever tried.
 */
@LocalTCC
public interface FreezeTccAction {

	/**
	 * Seata's resource id of this branch type; the TC addresses confirm and cancel by it.
	 */
	String ACTION_NAME = "ledger-freeze";

	@TwoPhaseBusinessAction(name = ACTION_NAME, commitMethod = "confirm", rollbackMethod = "cancel",
			useTCCFence = false)
	Freeze freeze(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo,
			@BusinessActionContextParameter("accountId") String accountId,
			@BusinessActionContextParameter("payeeAccountId") String payeeAccountId,
			@BusinessActionContextParameter("amount") long amount, Actor triedBy);

	/**
	 * Seata's resource id of a refund branch: the same freeze table, state table and
	 * phase two, the payment in reverse ({@link FreezeRequest#refund}).
	 */
	String REFUND_ACTION_NAME = "ledger-refund";

	/**
	 * Reserves {@code amount} of the order's payee ({@code accountId}) to give back to
	 * the paying leg's account ({@code payeeAccountId}); refused beyond what that leg
	 * paid and other refunds claim.
	 */
	@TwoPhaseBusinessAction(name = REFUND_ACTION_NAME, commitMethod = "confirm", rollbackMethod = "cancel",
			useTCCFence = false)
	Freeze refund(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo,
			@BusinessActionContextParameter("refundNo") String refundNo,
			@BusinessActionContextParameter("accountId") String accountId,
			@BusinessActionContextParameter("payeeAccountId") String payeeAccountId,
			@BusinessActionContextParameter("amount") long amount, Actor triedBy);

	boolean confirm(BusinessActionContext context);

	boolean cancel(BusinessActionContext context);

}
