package dev.tccledger.order.payment;

import io.seata.core.context.RootContext;
import io.seata.core.exception.TransactionException;
import io.seata.core.exception.TransactionExceptionCode;
import io.seata.tm.api.GlobalTransaction;
import io.seata.tm.api.GlobalTransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.ledger.LedgerClient;
import dev.tccledger.order.ledger.LedgerRefusal;
import dev.tccledger.order.ledger.RefundCommand;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a recorded refund inside one Seata global transaction, as {@link GlobalPayment}
 * runs a payment: one ledger refund branch per leg, then the refund's own branch, last
 * for the same reason as the order's (docs/architecture.md). The TC confirms every branch
 * on commit (the ledger gives the money back, the refund becomes SUCCEEDED) or cancels
 * every branch on rollback (the ledger releases, the refund becomes FAILED).
 */
@Component
class GlobalRefund {

	private static final Logger log = LoggerFactory.getLogger(GlobalRefund.class);

	static final String TRANSACTION_NAME = "refund-order";

	private final RefundStore refunds;

	private final RefundMapper rows;

	private final RefundTccAction refundBranch;

	private final LedgerClient ledger;

	private final FaultPoints faults;

	private final int globalTimeoutMs;

	GlobalRefund(RefundStore refunds, RefundMapper rows, RefundTccAction refundBranch, LedgerClient ledger,
			FaultPoints faults, @Value("${orders.global-timeout-ms:10000}") int globalTimeoutMs) {
		this.refunds = refunds;
		this.rows = rows;
		this.refundBranch = refundBranch;
		this.ledger = ledger;
		this.faults = faults;
		this.globalTimeoutMs = globalTimeoutMs;
	}

	/** Runs the refund; returns it as it stands once the TC has answered. */
	Refund run(Refund refund, Order order) {
		String refundNo = refund.getRefundNo();
		RootContext.unbind();
		GlobalTransaction global = GlobalTransactionContext.getCurrentOrCreate();
		try {
			global.begin(this.globalTimeoutMs, TRANSACTION_NAME);
		}
		catch (TransactionException | RuntimeException unreachable) {
			this.refunds.apply(refundNo, Event.ABANDON, null, null, OrderError.TC_UNAVAILABLE.name(),
					FailureReasons.detail(unreachable), null);
			RootContext.unbind();
			throw new OrderException(OrderError.TC_UNAVAILABLE, "could not begin a global transaction",
					this.refunds.get(refundNo));
		}
		MDC.put("xid", global.getXid());
		try {
			this.rows.attachTransaction(refundNo, global.getXid(), OrderClock.now());
			for (RefundLeg leg : refund.getLegs()) {
				var answer = this.ledger.refund(new RefundCommand(order.getOrderNo(), refundNo,
						order.getPayeeAccountId(), leg.getAccountId(), leg.getAmount(), order.getCurrency()));
				this.rows.setFreezeId(refundNo, leg.getLegNo(), answer.freezeId());
				this.faults.hit("REFUND_AFTER_LEDGER_TRY");
			}
			this.refundBranch.bind(null, refundNo);
			this.faults.hit("REFUND_BEFORE_GLOBAL_COMMIT");
		}
		catch (RuntimeException failure) {
			throw rollBack(global, refundNo, failure);
		}
		finally {
			MDC.remove("xid");
		}
		return commit(global, refundNo);
	}

	private OrderException rollBack(GlobalTransaction global, String refundNo, RuntimeException failure) {
		LedgerRefusal reason = FailureReasons.classify(failure);
		String xid = global.getXid();
		log.info("refund {} rolls back: {} {}", refundNo, reason.error(), reason.getMessage());
		this.rows.recordFailure(refundNo, reason.error().name(), FailureReasons.truncate(reason.getMessage()),
				OrderClock.now());
		if (!this.refunds.find(refundNo).joined()) {
			try {
				this.refundBranch.bind(null, refundNo);
			}
			catch (RuntimeException refused) {
				log.info("refund {} branch not joined before rollback: {}", refundNo, refused.toString());
			}
		}
		try {
			global.rollback();
			if (TcOutcome.of(global.getLocalStatus()).rolledBack()) {
				this.refunds.apply(refundNo, Event.CANCEL, xid, null, reason.error().name(), reason.getMessage(), null);
			}
		}
		catch (TransactionException | RuntimeException rollbackFailed) {
			log.warn("rollback of refund {} not acknowledged: {}", refundNo, FailureReasons.detail(rollbackFailed));
		}
		finally {
			RootContext.unbind();
		}
		return new OrderException(reason.error(), reason.getMessage(), this.refunds.get(refundNo));
	}

	private Refund commit(GlobalTransaction global, String refundNo) {
		try {
			global.commit();
			Refund after = this.refunds.get(refundNo);
			if (TcOutcome.of(global.getLocalStatus()).rollbackDecided() || after.getStatus() == RefundStatus.FAILED) {
				throw new OrderException(OrderError.TIMEOUT,
						"the TC rolled the refund back: " + global.getLocalStatus(), after);
			}
			return after;
		}
		catch (TransactionException commitFailed) {
			if (commitFailed.getCode() == TransactionExceptionCode.TransactionTimeout
					|| commitFailed.getCode() == TransactionExceptionCode.CommitHeuristic) {
				throw new OrderException(OrderError.TIMEOUT, FailureReasons.detail(commitFailed),
						this.refunds.get(refundNo));
			}
			// the outcome is unknown here: the refund stays PENDING until the TC decides
			log.warn("commit of refund {} not acknowledged: {}", refundNo, FailureReasons.detail(commitFailed));
			return this.refunds.get(refundNo);
		}
		finally {
			RootContext.unbind();
		}
	}

}
