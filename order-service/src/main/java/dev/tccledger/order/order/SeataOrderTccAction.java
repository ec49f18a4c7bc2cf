package dev.tccledger.order.order;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phase two of the order never throws a business error: an order already in the target
 * state succeeds; an order in the other final state is a conflict, logged and answered
 * false so the TC keeps it visible.
 */
@Component
class SeataOrderTccAction implements OrderTccAction {

	private static final Logger log = LoggerFactory.getLogger(SeataOrderTccAction.class);

	private final OrderMapper orders;

	private final TransactionTemplate tx;

	private final FaultPoints faults;

	SeataOrderTccAction(OrderMapper orders, TransactionTemplate tx, FaultPoints faults) {
		this.orders = orders;
		this.tx = tx;
		this.faults = faults;
	}

	// The parameter annotation repeats the interface's on purpose: Seata 2.0.0 reads it
	// from the
	// invoked (implementation) method when it stores the action context for phase two.
	@Override
	public boolean bind(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo) {
		return inMdc(context, () -> {
			if (this.orders.bindTransaction(orderNo, context.getXid(), context.getBranchId(), OrderClock.now()) == 1) {
				return true;
			}
			Order order = this.orders.find(orderNo);
			if (order != null && order.getStatus() == OrderStatus.PENDING && context.getXid().equals(order.getXid())
					&& Long.valueOf(context.getBranchId()).equals(order.getBranchId())) {
				return true;
			}
			throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT,
					"order " + orderNo + " is no longer open for this transaction ("
							+ ((order != null) ? order.getStatus() : "missing") + ")");
		});
	}

	@Override
	public boolean confirm(BusinessActionContext context) {
		String orderNo = orderNo(context);
		return inMdc(context, () -> {
			// One conditional UPDATE in autocommit is atomic on its own; a transaction
			// around it cost three more round trips on every payment (README, Benchmark).
			// The fault point therefore fires just before that statement commits.
			this.faults.hit("ORDER_CONFIRM_BEFORE_COMMIT");
			if (this.orders.markPaid(orderNo, context.getXid(), OrderClock.now()) == 1) {
				// the usual outcome; the order row says it
				log.debug("order {} PAID", orderNo);
				return true;
			}
			Order order = this.orders.find(orderNo);
			if (order != null && order.getStatus() == OrderStatus.PAID && context.getXid().equals(order.getXid())) {
				return true;
			}
			log.error("confirm of order {} found it {}: a state conflict for a person", orderNo,
					(order != null) ? order.getStatus() + " in " + order.getXid() : "missing");
			return false;
		});
	}

	@Override
	public boolean cancel(BusinessActionContext context) {
		String orderNo = orderNo(context);
		return inMdc(context, () -> this.tx.execute((status) -> {
			if (this.orders.markFailed(orderNo, context.getXid(), "ROLLED_BACK",
					"the global transaction was rolled back", OrderClock.now()) == 1) {
				this.faults.hit("ORDER_CANCEL_BEFORE_COMMIT");
				log.info("order {} FAILED", orderNo);
				return true;
			}
			Order order = this.orders.find(orderNo);
			if (order == null || order.getStatus() == OrderStatus.FAILED) {
				return true;
			}
			if (order.getStatus() == OrderStatus.PENDING) {
				// bound to another global transaction: this rollback is not about that
				// one
				return true;
			}
			log.error("cancel of order {} found it PAID: a state conflict for a person", orderNo);
			return false;
		}));
	}

	private static String orderNo(BusinessActionContext context) {
		Object value = context.getActionContext("orderNo");
		return (value != null) ? value.toString() : null;
	}

	private static <T> T inMdc(BusinessActionContext context, java.util.function.Supplier<T> work) {
		MDC.put("xid", context.getXid());
		MDC.put("branchId", Long.toString(context.getBranchId()));
		try {
			return work.get();
		}
		finally {
			MDC.remove("xid");
			MDC.remove("branchId");
		}
	}

}
