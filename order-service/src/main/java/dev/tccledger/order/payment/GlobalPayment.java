package dev.tccledger.order.payment;

import io.seata.core.context.RootContext;
import io.seata.core.exception.TransactionException;
import io.seata.core.exception.TransactionExceptionCode;
import io.seata.core.model.GlobalStatus;
import io.seata.tm.api.GlobalTransaction;
import io.seata.tm.api.GlobalTransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.ledger.FreezeAnswer;
import dev.tccledger.order.ledger.FreezeCommand;
import dev.tccledger.order.ledger.LedgerClient;
import dev.tccledger.order.ledger.LedgerRefusal;
import dev.tccledger.order.payment.OrderRules.CommitAnswer;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pays a recorded order inside one Seata global transaction: the ledger's branch per leg,
 * then the order's own branch. The TC confirms every branch on commit or cancels every
 * branch on rollback; this class never moves the order to a final state itself, except an
 * order that never reached the TC and a rollback the TC has finished.
 */
@Component
class GlobalPayment {

	private static final Logger log = LoggerFactory.getLogger(GlobalPayment.class);

	static final String TRANSACTION_NAME = "place-order";

	private final OrderStore orders;

	private final OrderMapper rows;

	private final FailureReasons reasons;

	private final OrderTccAction orderBranch;

	private final LedgerClient ledger;

	private final FaultPoints faults;

	private final int globalTimeoutMs;

	GlobalPayment(OrderStore orders, OrderMapper rows, FailureReasons reasons, OrderTccAction orderBranch,
			LedgerClient ledger, FaultPoints faults, @Value("${orders.global-timeout-ms:10000}") int globalTimeoutMs) {
		this.orders = orders;
		this.rows = rows;
		this.reasons = reasons;
		this.orderBranch = orderBranch;
		this.ledger = ledger;
		this.faults = faults;
		this.globalTimeoutMs = globalTimeoutMs;
	}

	/** Runs the payment; returns the order as it stands once the TC has answered. */
	Order pay(PlaceOrder request) {
		String orderNo = request.orderNo();
		RootContext.unbind();
		GlobalTransaction global = GlobalTransactionContext.getCurrentOrCreate();
		try {
			global.begin(this.globalTimeoutMs, TRANSACTION_NAME);
		}
		catch (TransactionException | RuntimeException unreachable) {
			// no global transaction, so no branch exists anywhere: failing the order here
			// is safe
			this.orders.apply(orderNo, Event.ABANDON, null, null, OrderError.TC_UNAVAILABLE.name(),
					FailureReasons.detail(unreachable), null);
			RootContext.unbind();
			throw new OrderException(OrderError.TC_UNAVAILABLE, "could not begin a global transaction",
					this.orders.get(orderNo));
		}
		MDC.put("xid", global.getXid());
		try {
			this.rows.attachTransaction(orderNo, global.getXid(), OrderClock.now());
			tryBranches(request);
		}
		catch (RuntimeException failure) {
			throw rollBack(global, orderNo, failure);
		}
		finally {
			MDC.remove("xid");
		}
		return commit(global, orderNo);
	}

	private void tryBranches(PlaceOrder request) {
		for (int i = 0; i < request.legs().size(); i++) {
			PlaceOrder.Leg leg = request.legs().get(i);
			FreezeAnswer answer = this.ledger.freeze(new FreezeCommand(request.orderNo(), leg.accountId(),
					request.payeeAccountId(), leg.amount(), request.currency()));
			this.rows.setFreezeId(request.orderNo(), i + 1, answer.freezeId());
			this.faults.hit("ORDER_AFTER_LEDGER_TRY");
		}
		// last, see OrderTccAction
		this.orderBranch.bind(null, request.orderNo());
		this.faults.hit("ORDER_BEFORE_GLOBAL_COMMIT");
	}

	/** Rolls the payment back; returns the refusal for the caller to throw. */
	private OrderException rollBack(GlobalTransaction global, String orderNo, RuntimeException failure) {
		LedgerRefusal reason = FailureReasons.classify(failure);
		String xid = global.getXid();
		log.info("order {} rolls back: {} {}", orderNo, reason.error(), reason.getMessage());
		this.reasons.record(orderNo, reason.error(), reason.getMessage());
		joinOrderBranch(orderNo);
		try {
			global.rollback();
			if (TcOutcome.of(global.getLocalStatus()).rolledBack()) {
				// every branch is cancelled; the order's own may not have joined (the TC
				// refused it)
				this.orders.apply(orderNo, Event.CANCEL, xid, null, reason.error().name(), reason.getMessage(), null);
			}
			this.reasons.refine(orderNo, reason.error(), reason.getMessage());
		}
		catch (TransactionException | RuntimeException rollbackFailed) {
			// the TC times the transaction out and cancels every branch itself
			log.warn("rollback of order {} not acknowledged: {}", orderNo, FailureReasons.detail(rollbackFailed));
		}
		finally {
			RootContext.unbind();
		}
		return new OrderException(reason.error(), reason.getMessage(), this.orders.get(orderNo));
	}

	/**
	 * A payment that fails before the order's branch joined the transaction still needs
	 * that branch: the TC cancels it last, after the ledger's releases (retried as long
	 * as they fail), and that is what moves the order to FAILED. If the TC refuses it
	 * (the transaction already timed out), the rollback's answer is final and the order
	 * is failed here.
	 */
	private void joinOrderBranch(String orderNo) {
		if (this.orders.find(orderNo).joined()) {
			return;
		}
		try {
			this.orderBranch.bind(null, orderNo);
		}
		catch (RuntimeException refused) {
			log.info("order {} branch not joined before rollback: {}", orderNo, refused.toString());
		}
	}

	/**
	 * Commits and returns the order as the TC's phase two left it: the TC confirms every
	 * branch before it answers, so a PAID order is read here, not assumed.
	 */
	private Order commit(GlobalTransaction global, String orderNo) {
		try {
			global.commit();
			GlobalStatus status = global.getLocalStatus();
			Order after = this.orders.get(orderNo);
			if (OrderRules.afterCommit(after.getStatus(), TcOutcome.of(status)) == CommitAnswer.TIMED_OUT) {
				return refuseAsTimedOut(orderNo, "the TC rolled the transaction back: " + status);
			}
			return after;
		}
		catch (TransactionException commitFailed) {
			if (commitFailed.getCode() == TransactionExceptionCode.TransactionTimeout
					|| commitFailed.getCode() == TransactionExceptionCode.CommitHeuristic) {
				return refuseAsTimedOut(orderNo, FailureReasons.detail(commitFailed));
			}
			// otherwise the outcome is unknown here: the order stays PENDING until the TC
			// decides
			log.warn("commit of order {} not acknowledged: {}", orderNo, FailureReasons.detail(commitFailed));
			return this.orders.get(orderNo);
		}
		finally {
			RootContext.unbind();
		}
	}

	/**
	 * The TC decided rollback (the global timeout passed): the order's reason says so.
	 */
	private Order refuseAsTimedOut(String orderNo, String detail) {
		this.reasons.record(orderNo, OrderError.TIMEOUT, detail);
		this.reasons.refine(orderNo, OrderError.TIMEOUT, detail);
		Order order = this.orders.get(orderNo);
		if (!order.paid()) {
			throw new OrderException(OrderError.TIMEOUT, detail, order);
		}
		return order;
	}

}
