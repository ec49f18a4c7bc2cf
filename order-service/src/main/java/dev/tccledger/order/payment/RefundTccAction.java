package dev.tccledger.order.payment;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;

/**
 * A refund's own TCC branch, registered last as the order's is: try binds the PENDING
 * refund to the global transaction, confirm marks it SUCCEEDED and adds its amount to the
 * order's refunded (one local transaction), cancel marks it FAILED. Public because the TC
 * reaches it by reflection.
 */
@LocalTCC
public interface RefundTccAction {

	String ACTION_NAME = "order-refund";

	@TwoPhaseBusinessAction(name = ACTION_NAME, commitMethod = "confirm", rollbackMethod = "cancel",
			useTCCFence = false)
	boolean bind(BusinessActionContext context, @BusinessActionContextParameter("refundNo") String refundNo);

	boolean confirm(BusinessActionContext context);

	boolean cancel(BusinessActionContext context);

}
