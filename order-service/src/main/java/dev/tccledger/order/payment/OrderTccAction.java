package dev.tccledger.order.payment;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;

/**
 * The order's own TCC branch: try binds the PENDING order to the global transaction,
 * confirm marks it PAID, cancel marks it FAILED. Public because the TC reaches it by
 * reflection.
 */
@LocalTCC
public interface OrderTccAction {

	String ACTION_NAME = "order-payment";

	@TwoPhaseBusinessAction(name = ACTION_NAME, commitMethod = "confirm", rollbackMethod = "cancel",
			useTCCFence = false)
	boolean bind(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo);

	boolean confirm(BusinessActionContext context);

	boolean cancel(BusinessActionContext context);

}
