package dev.tccledger.order.order;

import java.util.ArrayList;
import java.util.List;

import feign.FeignException;
import feign.RetryableException;
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
import dev.tccledger.order.ledger.LedgerRefusals;
import dev.tccledger.support.TcOutcome;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places an order and pays it inside one Seata global transaction: the order's own
 * branch, then one ledger branch per leg. The TC confirms every branch on commit or
 * cancels every branch on rollback; this class never moves the order to a final state
 * itself, except an order that never reached the TC.
 */
@Service
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	static final String TRANSACTION_NAME = "place-order";

	private final OrderMapper orders;

	private final OrderTccAction orderBranch;

	private final LedgerClient ledger;

	private final TransactionTemplate tx;

	private final FaultPoints faults;

	private final int globalTimeoutMs;

	OrderService(OrderMapper orders, OrderTccAction orderBranch, LedgerClient ledger, TransactionTemplate tx,
			FaultPoints faults, @Value("${orders.global-timeout-ms:10000}") int globalTimeoutMs) {
		this.orders = orders;
		this.orderBranch = orderBranch;
		this.ledger = ledger;
		this.tx = tx;
		this.faults = faults;
		this.globalTimeoutMs = globalTimeoutMs;
	}

	/** The order as it stands after the request, and whether it was already there. */
	public record Placed(Order order, boolean replay) {
	}

	public Placed place(PlaceOrder request) {
		String fingerprint = request.fingerprint();
		Order recorded = record(request, fingerprint);
		if (recorded != null) {
			if (!recorded.getRequestHash().equals(fingerprint)) {
				throw new OrderException(OrderError.IDEMPOTENCY_CONFLICT,
						"order " + request.orderNo() + " was placed with another body");
			}
			return new Placed(recorded, true);
		}
		return new Placed(pay(request), false);
	}

	public Order get(String orderNo) {
		Order order = this.orders.find(orderNo);
		if (order == null) {
			throw new OrderException(OrderError.ORDER_NOT_FOUND, "no order " + orderNo);
		}
		order.setLegs(this.orders.legs(orderNo));
		return order;
	}

	/** Inserts the order; returns the existing one instead when the orderNo is taken. */
	private Order record(PlaceOrder request, String fingerprint) {
		try {
			this.tx.executeWithoutResult((status) -> {
				Order order = new Order();
				order.setOrderNo(request.orderNo());
				order.setPayeeAccountId(request.payeeAccountId());
				order.setCurrency(request.currency());
				order.setAmount(request.amount());
				order.setRequestHash(fingerprint);
				order.setCreatedAt(OrderClock.now());
				order.setUpdatedAt(order.getCreatedAt());
				this.orders.insert(order);
				List<OrderLeg> legs = new ArrayList<>();
				for (int i = 0; i < request.legs().size(); i++) {
					OrderLeg leg = new OrderLeg();
					leg.setOrderNo(request.orderNo());
					leg.setLegNo(i + 1);
					leg.setAccountId(request.legs().get(i).accountId());
					leg.setAmount(request.legs().get(i).amount());
					legs.add(leg);
				}
				this.orders.insertLegs(legs);
			});
			return null;
		}
		catch (DuplicateKeyException taken) {
			return get(request.orderNo());
		}
	}

	/** Runs the payment; returns the order as it stands once the TC has answered. */
	private Order pay(PlaceOrder request) {
		String orderNo = request.orderNo();
		RootContext.unbind();
		GlobalTransaction global = GlobalTransactionContext.getCurrentOrCreate();
		try {
			global.begin(this.globalTimeoutMs, TRANSACTION_NAME);
		}
		catch (TransactionException | RuntimeException unreachable) {
			// no global transaction, so no branch exists anywhere: failing the order here
			// is safe
			this.orders.failUnbound(orderNo, OrderError.TC_UNAVAILABLE.name(), detail(unreachable), OrderClock.now());
			RootContext.unbind();
			throw new OrderException(OrderError.TC_UNAVAILABLE, "could not begin a global transaction", get(orderNo));
		}
		MDC.put("xid", global.getXid());
		try {
			this.orders.attachTransaction(orderNo, global.getXid(), OrderClock.now());
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
			this.orders.setFreezeId(request.orderNo(), i + 1, answer.freezeId());
			this.faults.hit("ORDER_AFTER_LEDGER_TRY");
		}
		// last, see OrderTccAction
		this.orderBranch.bind(null, request.orderNo());
		this.faults.hit("ORDER_BEFORE_GLOBAL_COMMIT");
	}

	/** Rolls the payment back; returns the refusal for the caller to throw. */
	private OrderException rollBack(GlobalTransaction global, String orderNo, RuntimeException failure) {
		LedgerRefusal reason = classify(failure);
		String xid = global.getXid();
		log.info("order {} rolls back: {} {}", orderNo, reason.error(), reason.getMessage());
		this.orders.recordReason(orderNo, reason.error().name(), truncate(reason.getMessage()), OrderClock.now());
		joinOrderBranch(orderNo);
		try {
			global.rollback();
			if (TcOutcome.of(global.getLocalStatus()).rolledBack()) {
				// every branch is cancelled; the order's own may not have joined (the TC
				// refused it)
				this.orders.markFailed(orderNo, xid, reason.error().name(), truncate(reason.getMessage()),
						OrderClock.now());
			}
			this.orders.refineReason(orderNo, reason.error().name(), truncate(reason.getMessage()), OrderClock.now());
		}
		catch (TransactionException | RuntimeException rollbackFailed) {
			// the TC times the transaction out and cancels every branch itself
			log.warn("rollback of order {} not acknowledged: {}", orderNo, detail(rollbackFailed));
		}
		finally {
			RootContext.unbind();
		}
		return new OrderException(reason.error(), reason.getMessage(), get(orderNo));
	}

	/**
	 * A payment that fails before the order's branch joined the transaction still needs
	 * that branch: the TC cancels it last, after the ledger's releases (retried as long
	 * as they fail), and that is what moves the order to FAILED. If the TC refuses it
	 * (the transaction already timed out), the rollback's answer is final and the order
	 * is failed here.
	 */
	private void joinOrderBranch(String orderNo) {
		Order order = this.orders.find(orderNo);
		if (order.getBranchId() != null) {
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
			Order after = get(orderNo);
			// the TC rolls back on its own only when the global timeout passed
			if (TcOutcome.of(status).rollbackDecided() || after.getStatus() == OrderStatus.FAILED) {
				return refuseAsTimedOut(orderNo, "the TC rolled the transaction back: " + status);
			}
			return after;
		}
		catch (TransactionException commitFailed) {
			if (commitFailed.getCode() == TransactionExceptionCode.TransactionTimeout
					|| commitFailed.getCode() == TransactionExceptionCode.CommitHeuristic) {
				return refuseAsTimedOut(orderNo, detail(commitFailed));
			}
			// otherwise the outcome is unknown here: the order stays PENDING until the TC
			// decides
			log.warn("commit of order {} not acknowledged: {}", orderNo, detail(commitFailed));
			return get(orderNo);
		}
		finally {
			RootContext.unbind();
		}
	}

	/**
	 * The TC decided rollback (the global timeout passed): the order's reason says so.
	 */
	private Order refuseAsTimedOut(String orderNo, String detail) {
		this.orders.recordReason(orderNo, OrderError.TIMEOUT.name(), truncate(detail), OrderClock.now());
		this.orders.refineReason(orderNo, OrderError.TIMEOUT.name(), truncate(detail), OrderClock.now());
		Order order = get(orderNo);
		if (order.getStatus() != OrderStatus.PAID) {
			throw new OrderException(OrderError.TIMEOUT, detail, order);
		}
		return order;
	}

	/**
	 * Why the payment failed; Seata wraps what a TCC try throws, so the causes are
	 * searched.
	 */
	private static LedgerRefusal classify(RuntimeException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof LedgerRefusal refusal) {
				return refusal;
			}
			if (cause instanceof RetryableException || cause instanceof FeignException) {
				return LedgerRefusals.ioFailure(cause);
			}
			if (cause instanceof OrderException refused) {
				return new LedgerRefusal(refused.error(), null, refused.getMessage());
			}
		}
		return new LedgerRefusal(OrderError.INTERNAL_ERROR, null, detail(failure));
	}

	private static String detail(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	private static String truncate(String detail) {
		return (detail == null || detail.length() <= 512) ? detail : detail.substring(0, 512);
	}

}
