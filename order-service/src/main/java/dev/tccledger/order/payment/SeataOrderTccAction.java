package dev.tccledger.order.payment;

import java.util.function.Supplier;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Outcome;
import dev.tccledger.order.payment.OrderStore.Applied;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Translates the TC's calls into {@link OrderRules} events and the outcome into Seata's
 * boolean. Phase two never throws a business error: an order already in the target state
 * succeeds; an order in the other final state is a conflict, logged and answered false so
 * the TC keeps it visible.
 */
@Component
class SeataOrderTccAction implements OrderTccAction {

	private static final Logger log = LoggerFactory.getLogger(SeataOrderTccAction.class);

	private static final String ROLLED_BACK = OrderError.ROLLED_BACK.name();

	private final OrderStore orders;

	private final TransactionTemplate tx;

	private final FaultPoints faults;

	SeataOrderTccAction(OrderStore orders, TransactionTemplate tx, FaultPoints faults) {
		this.orders = orders;
		this.tx = tx;
		this.faults = faults;
	}

	// The parameter annotation repeats the interface's on purpose: Seata 2.0.0 reads it
	// from the invoked (implementation) method when it stores the action context for
	// phase two.
	@Override
	public boolean bind(BusinessActionContext context, @BusinessActionContextParameter("orderNo") String orderNo) {
		return inMdc(context, () -> {
			Applied applied = this.orders.apply(orderNo, Event.TRY, context.getXid(), context.getBranchId(), null, null,
					Order.expectedPending(orderNo, context.getXid(), null));
			if (applied.outcome() == Outcome.APPLY || applied.outcome() == Outcome.ALREADY) {
				return true;
			}
			throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT, "order " + orderNo
					+ " is no longer open for this transaction (" + describe(applied.seen(), false) + ")");
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
			Applied applied = this.orders.apply(orderNo, Event.CONFIRM, context.getXid(), context.getBranchId(), null,
					null, Order.expectedPending(orderNo, context.getXid(), context.getBranchId()));
			if (applied.outcome() == Outcome.APPLY || applied.outcome() == Outcome.ALREADY) {
				log.debug("order {} PAID", orderNo);
				return true;
			}
			log.error("confirm of order {} found it {}: a state conflict for a person", orderNo,
					describe(applied.seen(), true));
			return false;
		});
	}

	@Override
	public boolean cancel(BusinessActionContext context) {
		String orderNo = orderNo(context);
		return inMdc(context, () -> this.tx.execute((status) -> {
			Applied applied = this.orders.apply(orderNo, Event.CANCEL, context.getXid(), context.getBranchId(),
					ROLLED_BACK, "the global transaction was rolled back",
					Order.expectedPending(orderNo, context.getXid(), context.getBranchId()));
			if (applied.outcome() == Outcome.APPLY) {
				this.faults.hit("ORDER_CANCEL_BEFORE_COMMIT");
				log.info("order {} FAILED", orderNo);
				return true;
			}
			if (applied.outcome() == Outcome.CONFLICT) {
				log.error("cancel of order {} found it {}: a state conflict for a person", orderNo,
						describe(applied.seen(), true));
				return false;
			}
			// already FAILED, no such order, or bound to another global transaction: this
			// rollback is not about it
			return true;
		}));
	}

	private static String describe(Order order, boolean withXid) {
		if (order == null) {
			return "missing";
		}
		return withXid ? order.getStatus() + " in " + order.getXid() : order.getStatus().name();
	}

	private static String orderNo(BusinessActionContext context) {
		Object value = context.getActionContext("orderNo");
		return (value != null) ? value.toString() : null;
	}

	private static <T> T inMdc(BusinessActionContext context, Supplier<T> work) {
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
