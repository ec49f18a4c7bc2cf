package dev.tccledger.ledger.freeze;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The three TCC phases on the ledger, each one local transaction over the branch's freeze
 * row. Seata-free: the xid and branch id are plain arguments, so tests drive every cell
 * of the state table with synthetic ids, and the Seata adapter stays a translation.
 */
@Service
public class FreezeService {

	private static final Logger log = LoggerFactory.getLogger(FreezeService.class);

	/** Who a phase-two movement is journaled as made by. */
	static final String BY_TC = "TC";

	static final String BY_SENTINEL = "SENTINEL";

	/** Who a try's freeze is journaled as made by. */
	static final String BY_TRY = "TCC";

	/**
	 * How many times one call decides: a branch moves at most twice (no row, TRIED,
	 * settled), so a call finds it moved under it at most twice.
	 */
	private static final int MAX_DECISIONS = 3;

	private final FreezeMapper freezes;

	private final AccountService accounts;

	private final JournalService journal;

	private final AnomalyService anomalies;

	private final TxRunner tx;

	private final MeterRegistry meters;

	private final FaultPoints faults;

	FreezeService(FreezeMapper freezes, AccountService accounts, JournalService journal, AnomalyService anomalies,
			TxRunner tx, MeterRegistry meters, FaultPoints faults) {
		this.faults = faults;
		this.freezes = freezes;
		this.accounts = accounts;
		this.journal = journal;
		this.anomalies = anomalies;
		this.tx = tx;
		this.meters = meters;
	}

	/** The freeze that answers a try, and how the try was answered. */
	public record TryResult(Outcome outcome, Freeze freeze) {
	}

	/**
	 * The transition one call made, and the branch's row after it (null: the branch has
	 * no row).
	 */
	private record Settled(Transition transition, Freeze row) {
	}

	/**
	 * Phase one: reserve the amount. Returns the freeze (a replay returns the same
	 * freeze); throws {@link LedgerException} when refused, with nothing moved.
	 * {@code triedBy} is the caller of the try (order-service's client id), kept on the
	 * freeze and its posting.
	 */
	public TryResult tryFreeze(String xid, long branchId, FreezeRequest request, Actor triedBy) {
		try {
			String currency = validate(request);
			this.faults.hit("LEDGER_TRY_BEFORE_WRITE");
			TryResult result = this.tx.inTransaction(() -> {
				Freeze fresh = Freeze.tried(xid, branchId, request, currency, triedBy, Times.nowUtc());
				Settled settled = run(Phase.TRY, xid, branchId, fresh, BY_TRY, triedBy,
						() -> onLiveKeyTaken(xid, branchId, request, triedBy));
				Outcome outcome = record(Phase.TRY, settled, xid, branchId);
				return new TryResult(outcome, answerOf(settled));
			});
			this.faults.hit("LEDGER_TRY_AFTER_COMMIT");
			count(Phase.TRY, result.outcome().tag());
			switch (result.outcome()) {
				case SUSPENSION_REJECTED -> throw new LedgerException(LedgerError.BRANCH_ALREADY_CANCELLED,
						"branch " + branchId + " of " + xid + " was cancelled before this try arrived");
				case TRY_AFTER_CONFIRM -> throw new LedgerException(LedgerError.BRANCH_ALREADY_CONFIRMED,
						"branch " + branchId + " of " + xid + " is already confirmed");
				default -> {
				}
			}
			return result;
		}
		catch (LedgerException refused) {
			if (refused.error() != LedgerError.BRANCH_ALREADY_CANCELLED
					&& refused.error() != LedgerError.BRANCH_ALREADY_CONFIRMED) {
				count(Phase.TRY, "refused_" + refused.error().name().toLowerCase(java.util.Locale.ROOT));
			}
			throw refused;
		}
	}

	/** Phase two, commit. True when the TC may consider the branch committed. */
	public Outcome confirm(String xid, long branchId) {
		Outcome outcome = this.tx.inTransaction(() -> {
			Settled settled = run(Phase.CONFIRM, xid, branchId, null, BY_TC, Actor.TC, FreezeService::noOtherKey);
			if (settled.transition().movement() != Movement.NONE) {
				this.faults.hit("LEDGER_CONFIRM_BEFORE_COMMIT");
			}
			return record(Phase.CONFIRM, settled, xid, branchId);
		});
		this.faults.hit("LEDGER_CONFIRM_AFTER_COMMIT");
		count(Phase.CONFIRM, outcome.tag());
		return outcome;
	}

	/**
	 * Phase two, rollback. {@code context} is what the try was asked (from the branch's
	 * action context); it may be null, and is only used to describe an empty-rollback
	 * marker.
	 */
	public Outcome cancel(String xid, long branchId, FreezeRequest context) {
		Outcome outcome = this.tx.inTransaction(() -> {
			Freeze marker = Freeze.emptyRollbackMarker(xid, branchId, context, Times.nowUtc());
			Settled settled = run(Phase.CANCEL, xid, branchId, marker, BY_TC, Actor.TC, FreezeService::noOtherKey);
			if (settled.transition().movement() != Movement.NONE) {
				this.faults.hit("LEDGER_CANCEL_BEFORE_COMMIT");
			}
			return record(Phase.CANCEL, settled, xid, branchId);
		});
		this.faults.hit("LEDGER_CANCEL_AFTER_COMMIT");
		count(Phase.CANCEL, outcome.tag());
		return outcome;
	}

	/**
	 * Recovery: releases a freeze still TRIED whose global transaction the TC no longer
	 * knows or has rolled back. Journaled as made by the sentinel and recorded for
	 * finance. False when the freeze was settled meanwhile (by the TC, which always wins
	 * the race).
	 */
	public boolean releaseBySentinel(Freeze freeze, String tcAnswer) {
		// the TC's cancel of a TRIED branch, made by another hand; only from TRIED
		Transition release = FreezeRules.decide(Phase.CANCEL, FreezeStatus.TRIED);
		boolean released = this.tx.inTransaction(() -> {
			var now = Times.nowUtc();
			if (this.freezes.move(freeze.getXid(), freeze.getBranchId(), FreezeStatus.TRIED, release.target(),
					BY_SENTINEL, now) != 1) {
				return false;
			}
			followRefundClaim(freeze, release.movement());
			this.journal.post(freeze.moveTo(release.target(), BY_SENTINEL, now)
				.posting(release.movement(), BY_SENTINEL, Actor.SENTINEL));
			this.anomalies.record(AnomalyKind.SENTINEL_RELEASED, freeze.getXid(), freeze.getBranchId(),
					"released " + freeze.getAmount() + " on " + freeze.getAccountId() + " for order "
							+ freeze.getOrderNo() + ": the TC answered " + tcAnswer);
			return true;
		});
		if (released) {
			count(Phase.CANCEL, "sentinel_released");
		}
		return released;
	}

	List<Freeze> triedBefore(java.time.LocalDateTime cutoff, int limit) {
		return this.freezes.triedBefore(cutoff, limit);
	}

	List<Freeze> listByOrder(String orderNo) {
		Ids.requireId("orderNo", orderNo);
		return this.freezes.listByOrder(orderNo);
	}

	List<Freeze> listByAccount(String accountId, FreezeStatus status, int limit) {
		this.accounts.get(accountId);
		return this.freezes.listByAccount(accountId, status, limit);
	}

	/**
	 * One call on one branch, in the caller's local transaction, as a loop over the state
	 * table: decide from the state last seen (first the phase's usual one), make the
	 * transition with a write that only succeeds from that state, and post its money when
	 * it did. A write that changed nothing means another call moved the branch first:
	 * read the row and decide again.
	 * @param fresh the row to insert when the branch has none (null: the phase never
	 * inserts)
	 * @param otherKeyTaken what an insert that hit a unique key other than the branch's
	 * means
	 */
	private Settled run(Phase phase, String xid, long branchId, Freeze fresh, String by, Actor actor,
			Supplier<Settled> otherKeyTaken) {
		FreezeStatus seen = FreezeRules.assumed(phase);
		Freeze row = null;
		for (int decision = 1; decision <= MAX_DECISIONS; decision++) {
			Transition transition = FreezeRules.decide(phase, seen);
			if (!transition.changesState()) {
				return new Settled(transition, row);
			}
			boolean inserting = seen == null;
			var now = Times.nowUtc();
			if (inserting ? insert(fresh) : this.freezes.move(xid, branchId, seen, transition.target(), by, now) == 1) {
				// the usual confirm has not read its row yet: it reads it after the write
				Freeze moved = inserting ? fresh : (row != null) ? row.moveTo(transition.target(), by, now)
						: this.freezes.findByBranch(xid, branchId);
				return made(transition, moved, by, actor);
			}
			row = this.freezes.findByBranch(xid, branchId);
			if (row == null && inserting) {
				return otherKeyTaken.get();
			}
			seen = (row != null) ? row.getStatus() : null;
		}
		throw new CannotAcquireLockException("branch " + branchId + " of " + xid + " kept changing under " + phase);
	}

	/** False when a unique key is taken; the row is then there to be read. */
	private boolean insert(Freeze fresh) {
		try {
			this.freezes.insert(fresh);
			return true;
		}
		catch (DuplicateKeyException taken) {
			return false;
		}
	}

	private Settled made(Transition transition, Freeze row, String by, Actor actor) {
		if (transition.movement() != Movement.NONE) {
			// a freeze is guarded by available >= amount in SQL: a refusal throws and
			// rolls the insert back
			followRefundClaim(row, transition.movement());
			this.journal.post(row.posting(transition.movement(), by, actor));
		}
		return new Settled(transition, row);
	}

	/**
	 * A refund's hold claims part of the payment it gives back, its release returns the
	 * claim; a payment's movements leave claims alone. Claimed before the posting, so
	 * that every refund path locks the payment's row before the accounts' (no cycle).
	 * Refused claims throw, rolling the whole try back.
	 */
	private void followRefundClaim(Freeze row, Movement movement) {
		if (row.getKind() != FreezeKind.REFUND) {
			return;
		}
		String payment = row.refundedPaymentKey();
		switch (movement) {
			case FREEZE -> {
				if (this.freezes.claimRefund(payment, row.getAccountId(), row.getAmount()) != 1) {
					throw refundRefused(row.getOrderNo(), row.getAccountId(), row.getPayeeAccountId(), row.getAmount(),
							this.freezes.findLive(payment));
				}
			}
			case RELEASE -> {
				if (this.freezes.returnRefundClaim(payment, row.getAmount()) != 1) {
					throw new IllegalStateException(row.describe() + " has no claim on payment " + payment);
				}
			}
			case CAPTURE, NONE -> {
			}
		}
	}

	/**
	 * Why a refund of {@code amount} from {@code refunder} to {@code payer} cannot claim
	 * {@code payment}, the payer's live freeze of the order (null: none).
	 */
	private static LedgerException refundRefused(String orderNo, String refunder, String payer, long amount,
			Freeze payment) {
		if (payment == null || payment.getKind() != FreezeKind.PAYMENT || payment.getStatus() != FreezeStatus.CONFIRMED
				|| !payment.getPayeeAccountId().equals(refunder)) {
			return new LedgerException(LedgerError.ORDER_NOT_PAID,
					"order " + orderNo + " has no captured payment from " + payer + " to " + refunder);
		}
		return new LedgerException(LedgerError.REFUND_EXCEEDS_PAID,
				"order " + orderNo + ": " + payer + " paid " + payment.getAmount() + ", refunds claim "
						+ payment.getRefundClaimed() + ", " + amount + " more is too much");
	}

	private static Settled noOtherKey() {
		// confirm never inserts, and an empty-rollback marker holds no live key
		throw new IllegalStateException("only a try's insert can hit a key other than its branch's");
	}

	/**
	 * A try's insert hit the order's live freeze, not its branch: another payment of the
	 * order, or this one resent with a new branch id.
	 */
	private Settled onLiveKeyTaken(String xid, long branchId, FreezeRequest request, Actor triedBy) {
		Freeze live = this.freezes.findLive(Freeze.liveKey(request));
		if (live == null) {
			// released between our insert and this read: run the whole try again
			throw new CannotAcquireLockException("live freeze of " + request.orderNo() + " changed, retrying");
		}
		if (!live.getXid().equals(xid)) {
			throw new LedgerException(LedgerError.DUPLICATE_PAYMENT, "order " + request.orderNo() + " already has "
					+ live.getStatus() + " freeze " + live.getFreezeId() + " on " + request.accountId());
		}
		if (!live.sameRequest(request)) {
			throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT,
					"a resent try for order " + request.orderNo() + " asks for a different amount or payee");
		}
		// A resent try in the same global transaction: record its branch so that the TC's
		// phase two for it succeeds and moves nothing; the original branch carries the
		// money. From then on its calls meet the DUPLICATE row of the state table.
		Freeze duplicate = Freeze.duplicateOf(live, branchId, triedBy, Times.nowUtc());
		this.freezes.insert(duplicate);
		log.info("resent try for order {} recorded as a duplicate of freeze {}", request.orderNo(), live.getFreezeId());
		return new Settled(FreezeRules.decide(Phase.TRY, FreezeStatus.DUPLICATE), duplicate);
	}

	/** The freeze a try answers with: a resent try's branch answers with the original. */
	private Freeze answerOf(Settled settled) {
		Freeze row = settled.row();
		if (row == null || row.getStatus() != FreezeStatus.DUPLICATE) {
			return row;
		}
		return this.freezes.findById(row.getDuplicateOf());
	}

	/**
	 * Records the anomaly of the transition made; a conflict a person resolved stops
	 * failing.
	 */
	private Outcome record(Phase phase, Settled settled, String xid, long branchId) {
		Transition transition = settled.transition();
		AnomalyKind kind = transition.anomaly();
		if (kind == null) {
			return transition.outcome();
		}
		if (kind.escalated() && this.anomalies.isResolved(kind, xid, branchId)) {
			return Outcome.CONFLICT_RESOLVED;
		}
		Freeze row = settled.row();
		String what = (row == null) ? "no freeze row"
				: row.describe() + (transition.changesState() ? " written " : " is ") + row.getStatus();
		this.anomalies.record(kind, xid, branchId, kind + " on " + phase + ": " + what);
		return transition.outcome();
	}

	/**
	 * The checks a try makes before it writes anything. The HTTP layer runs them before
	 * Seata registers a branch, so that bad input costs no branch and no empty rollback.
	 */
	void precheck(FreezeRequest request, String expectedCurrency) {
		String currency = validate(request);
		if (expectedCurrency != null && !Ids.requireCurrency(expectedCurrency).equals(currency)) {
			throw new LedgerException(LedgerError.CURRENCY_MISMATCH,
					request.accountId() + " holds " + currency + ", the payment is in " + expectedCurrency);
		}
		if (request.kind() == FreezeKind.REFUND) {
			// a read without a lock, to spare an obvious refusal its branch; the try's
			// claim is the guard
			Freeze payment = this.freezes.findLive(Freeze.liveKey(request.orderNo(), request.payeeAccountId()));
			if (payment == null || payment.getStatus() != FreezeStatus.CONFIRMED
					|| !payment.getPayeeAccountId().equals(request.accountId())
					|| payment.getRefundClaimed() + request.amount() > payment.getAmount()) {
				throw refundRefused(request.orderNo(), request.accountId(), request.payeeAccountId(), request.amount(),
						payment);
			}
		}
	}

	private String validate(FreezeRequest request) {
		Ids.requireId("orderNo", request.orderNo());
		if (request.kind() == FreezeKind.REFUND) {
			Ids.requireId("refundNo", request.refundNo());
		}
		Ids.requireId("accountId", request.accountId());
		Ids.requireId("payeeAccountId", request.payeeAccountId());
		Money.requireValidAmount(request.amount());
		if (request.accountId().equals(request.payeeAccountId())) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "payer and payee must be different accounts");
		}
		AccountService.AccountProfile payer = this.accounts.profile(request.accountId());
		AccountService.AccountProfile payee = this.accounts.profile(request.payeeAccountId());
		if (payer.isSystem() || payee.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "a payment cannot use a system account");
		}
		if (!payer.currency().equals(payee.currency())) {
			throw new LedgerException(LedgerError.CURRENCY_MISMATCH, request.accountId() + " holds " + payer.currency()
					+ ", " + request.payeeAccountId() + " holds " + payee.currency());
		}
		return payer.currency();
	}

	private void count(Phase phase, String outcome) {
		this.meters.counter("ledger.tcc", "phase", phase.name().toLowerCase(java.util.Locale.ROOT), "outcome", outcome)
			.increment();
	}

}
