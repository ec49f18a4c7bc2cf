package dev.tccledger.ledger.freeze;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalKind;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.ledger.journal.Posting;
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
	 * Phase one: reserve the amount. Returns the freeze (a replay returns the same
	 * freeze); throws {@link LedgerException} when refused, with nothing moved.
	 */
	public TryResult tryFreeze(String xid, long branchId, FreezeRequest request) {
		try {
			String currency = validate(request);
			this.faults.hit("LEDGER_TRY_BEFORE_WRITE");
			TryResult result = this.tx.inTransaction(() -> attemptTry(xid, branchId, request, currency));
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
			var now = Times.nowUtc();
			if (this.freezes.markConfirmed(xid, branchId, BY_TC, now) == 1) {
				Freeze freeze = this.freezes.findByBranch(xid, branchId);
				this.journal.post(Posting.of(JournalKind.CAPTURE, freeze.getCurrency())
					.move(freeze.getAccountId(), Bucket.FROZEN, freeze.getPayeeAccountId(), Bucket.AVAILABLE,
							freeze.getAmount())
					.branch(xid, branchId, freeze.getOrderNo())
					.createdBy(BY_TC));
				this.faults.hit("LEDGER_CONFIRM_BEFORE_COMMIT");
				return Outcome.CAPTURED;
			}
			Freeze existing = this.freezes.findByBranch(xid, branchId);
			return settleGuard(FreezeRules.decide(Phase.CONFIRM, statusOf(existing)), xid, branchId, existing);
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
			var now = Times.nowUtc();
			// Insert first: if no try has written the row yet, this marker makes its
			// later
			// arrival a refused suspension, and the unique key decides who was first.
			try {
				this.freezes.insert(Freeze.emptyRollbackMarker(xid, branchId, context, now));
				return settleGuard(Outcome.EMPTY_ROLLBACK, xid, branchId, null);
			}
			catch (DuplicateKeyException rowExists) {
				// fall through: the try (or an earlier cancel) wrote the row
			}
			if (this.freezes.markCancelled(xid, branchId, BY_TC, now) == 1) {
				release(this.freezes.findByBranch(xid, branchId), BY_TC);
				this.faults.hit("LEDGER_CANCEL_BEFORE_COMMIT");
				return Outcome.RELEASED;
			}
			Freeze existing = this.freezes.findByBranch(xid, branchId);
			return settleGuard(FreezeRules.decide(Phase.CANCEL, statusOf(existing)), xid, branchId, existing);
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
		boolean released = this.tx.inTransaction(() -> {
			if (this.freezes.markCancelled(freeze.getXid(), freeze.getBranchId(), BY_SENTINEL, Times.nowUtc()) != 1) {
				return false;
			}
			release(freeze, BY_SENTINEL);
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

	public List<Freeze> listByOrder(String orderNo) {
		Ids.requireId("orderNo", orderNo);
		return this.freezes.listByOrder(orderNo);
	}

	public List<Freeze> listByAccount(String accountId, FreezeStatus status, int limit) {
		this.accounts.get(accountId);
		return this.freezes.listByAccount(accountId, status, limit);
	}

	private TryResult attemptTry(String xid, long branchId, FreezeRequest request, String currency) {
		Freeze fresh = Freeze.tried(xid, branchId, request, currency, Times.nowUtc());
		try {
			this.freezes.insert(fresh);
		}
		catch (DuplicateKeyException taken) {
			return onTryConflict(xid, branchId, request);
		}
		// Guarded by available >= amount in SQL; refusal throws and rolls the insert
		// back.
		this.journal.post(Posting.of(JournalKind.FREEZE, currency)
			.move(request.accountId(), Bucket.AVAILABLE, request.accountId(), Bucket.FROZEN, request.amount())
			.branch(xid, branchId, request.orderNo())
			.createdBy("TCC"));
		return new TryResult(Outcome.FROZEN, fresh);
	}

	/** The insert hit a unique key: this branch's row, or the order's live freeze. */
	private TryResult onTryConflict(String xid, long branchId, FreezeRequest request) {
		Freeze sameBranch = this.freezes.findByBranch(xid, branchId);
		if (sameBranch != null) {
			Outcome outcome = FreezeRules.decide(Phase.TRY, sameBranch.getStatus());
			if (outcome.anomaly() != null) {
				this.anomalies.record(outcome.anomaly(), xid, branchId, "try for order " + request.orderNo() + " on "
						+ request.accountId() + " arrived after its branch was " + sameBranch.getStatus());
			}
			Freeze answer = (outcome == Outcome.RESENT_TRY) ? this.freezes.findById(sameBranch.getDuplicateOf())
					: sameBranch;
			return new TryResult(outcome, answer);
		}
		Freeze live = this.freezes.findLive(Freeze.liveKey(request.orderNo(), request.accountId()));
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
		// money.
		this.freezes.insert(Freeze.duplicateOf(live, branchId, Times.nowUtc()));
		log.info("resent try for order {} recorded as a duplicate of freeze {}", request.orderNo(), live.getFreezeId());
		return new TryResult(Outcome.RESENT_TRY, live);
	}

	/**
	 * Records the anomaly an outcome implies; a conflict a person resolved stops failing.
	 */
	private Outcome settleGuard(Outcome outcome, String xid, long branchId, Freeze existing) {
		AnomalyKind kind = outcome.anomaly();
		if (kind == null) {
			return outcome;
		}
		if (!outcome.succeeded() && this.anomalies.isResolved(kind, xid, branchId)) {
			return Outcome.CONFLICT_RESOLVED;
		}
		String what = (existing == null) ? "no freeze row"
				: "freeze " + existing.getFreezeId() + " is " + existing.getStatus() + " (order "
						+ existing.getOrderNo() + ", " + existing.getAmount() + " on " + existing.getAccountId() + ")";
		this.anomalies.record(kind, xid, branchId, kind + ": " + what);
		return outcome;
	}

	/** Frozen back to available, journaled as made by {@code by}. */
	void release(Freeze freeze, String by) {
		this.journal.post(Posting.of(JournalKind.RELEASE, freeze.getCurrency())
			.move(freeze.getAccountId(), Bucket.FROZEN, freeze.getAccountId(), Bucket.AVAILABLE, freeze.getAmount())
			.branch(freeze.getXid(), freeze.getBranchId(), freeze.getOrderNo())
			.createdBy(by));
	}

	/**
	 * The checks a try makes before it writes anything. The HTTP layer runs them before
	 * Seata registers a branch, so that bad input costs no branch and no empty rollback.
	 */
	public void precheck(FreezeRequest request, String expectedCurrency) {
		String currency = validate(request);
		if (expectedCurrency != null && !Ids.requireCurrency(expectedCurrency).equals(currency)) {
			throw new LedgerException(LedgerError.CURRENCY_MISMATCH,
					request.accountId() + " holds " + currency + ", the payment is in " + expectedCurrency);
		}
	}

	private String validate(FreezeRequest request) {
		Ids.requireId("orderNo", request.orderNo());
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

	private static FreezeStatus statusOf(Freeze freeze) {
		return (freeze != null) ? freeze.getStatus() : null;
	}

	private void count(Phase phase, String outcome) {
		this.meters.counter("ledger.tcc", "phase", phase.name().toLowerCase(java.util.Locale.ROOT), "outcome", outcome)
			.increment();
	}

}
