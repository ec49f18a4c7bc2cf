package dev.tccledger.ledger.withdrawal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.channel.PaymentChannel;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalKind;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.ledger.journal.Posting;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * A withdrawal's hold and every later transition, each one local transaction. The hold,
 * the withdrawal row and its payout task are written together, so the worker never calls
 * the channel for money that is not held, and a held amount always has a task that will
 * settle it.
 */
@Service
public class WithdrawalService {

	private static final Logger log = LoggerFactory.getLogger(WithdrawalService.class);

	/** Who a withdrawal's postings are made through (journal_tx.created_by). */
	static final String BY_API = "API";

	static final String BY_WORKER = "WORKER";

	static final String BY_CALLBACK = "CALLBACK";

	static final String BY_OPERATOR = "OPERATOR";

	/** The worker's and the callbacks' transitions, made by the ledger itself. */
	static final Actor PAYOUT_WORKER = Actor.of("payout-worker");

	static final Actor CHANNEL_CALLBACK = Actor.of("channel-callback");

	/** A withdrawal moves at most twice (PROCESSING, NEEDS_ATTENTION, settled). */
	private static final int MAX_DECISIONS = 3;

	private final WithdrawalMapper withdrawals;

	private final AccountService accounts;

	private final JournalService journal;

	private final TxRunner tx;

	private final ObjectProvider<PaymentChannel> channels;

	WithdrawalService(WithdrawalMapper withdrawals, AccountService accounts, JournalService journal, TxRunner tx,
			ObjectProvider<PaymentChannel> channels) {
		this.withdrawals = withdrawals;
		this.accounts = accounts;
		this.journal = journal;
		this.tx = tx;
		this.channels = channels;
	}

	public record Requested(Withdrawal withdrawal, boolean created) {
	}

	/** What one event did to a withdrawal, and the row after it. */
	public record Applied(WithdrawalTransition transition, Withdrawal withdrawal) {
	}

	/**
	 * Holds the amount and records the payout to make. A replay of the same request
	 * answers the withdrawal as it is now; a refusal writes nothing.
	 */
	public Requested request(String withdrawalNo, String accountId, long amount, String destination, Actor actor) {
		Ids.requireId("withdrawalNo", withdrawalNo);
		Ids.requireId("accountId", accountId);
		Ids.requireId("destination", destination);
		Money.requireValidAmount(amount);
		AccountService.AccountProfile account = this.accounts.profile(accountId);
		if (account.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "a withdrawal cannot use a system account");
		}
		return this.tx.inTransaction(() -> {
			Withdrawal seen = this.withdrawals.find(withdrawalNo);
			if (seen == null) {
				PaymentChannel channel = channel();
				var now = Times.nowUtc();
				try {
					this.withdrawals.insert(withdrawalNo, accountId, amount, account.currency(), destination,
							channel.name(), actor.name(), now);
				}
				catch (DuplicateKeyException raced) {
					throw new CannotAcquireLockException("withdrawal " + withdrawalNo + " raced, retrying");
				}
				this.withdrawals.insertTask(withdrawalNo, now);
				// guarded by available >= amount in SQL: a refusal throws and rolls the
				// inserts back
				this.journal.post(Posting.of(JournalKind.WITHDRAWAL_HOLD, account.currency(), actor)
					.move(accountId, Bucket.AVAILABLE, accountId, Bucket.FROZEN, amount)
					.reference(withdrawalNo)
					.createdBy(BY_API));
				return new Requested(this.withdrawals.find(withdrawalNo), true);
			}
			if (!seen.sameRequest(accountId, amount, destination)) {
				throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "withdrawal " + withdrawalNo + " pays "
						+ seen.amount() + " from " + seen.accountId() + " to " + seen.destination());
			}
			return new Requested(seen, false);
		});
	}

	public Withdrawal get(String withdrawalNo) {
		Ids.requireId("withdrawalNo", withdrawalNo);
		Withdrawal withdrawal = this.withdrawals.find(withdrawalNo);
		if (withdrawal == null) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no withdrawal " + withdrawalNo);
		}
		return withdrawal;
	}

	java.util.List<Withdrawal> list(WithdrawalStatus status, int limit) {
		return this.withdrawals.listByStatus(status, limit);
	}

	/** The payout task of a withdrawal (every withdrawal has one). */
	PayoutTask task(String withdrawalNo) {
		return this.withdrawals.findTask(withdrawalNo);
	}

	/**
	 * An operator settles a withdrawal that needs attention, after finding out at the
	 * channel what became of it. Refused in any other state, with nothing changed.
	 */
	public Withdrawal resolve(String withdrawalNo, boolean succeeded, String note, Actor operator) {
		Withdrawal withdrawal = get(withdrawalNo);
		WithdrawalEvent event = succeeded ? WithdrawalEvent.RESOLVED_SUCCEEDED : WithdrawalEvent.RESOLVED_FAILED;
		Applied applied = this.tx.inTransaction(() -> apply(withdrawalNo, event, succeeded ? null : "RESOLVED_FAILED",
				null, note, BY_OPERATOR, operator));
		if (applied.transition().verdict() == WithdrawalTransition.Verdict.REFUSED) {
			throw new LedgerException(LedgerError.WITHDRAWAL_NOT_NEEDS_ATTENTION,
					"withdrawal " + withdrawalNo + " is " + applied.withdrawal().status());
		}
		log.warn("withdrawal {} of {} resolved {} by {}: {}", withdrawalNo, withdrawal.amount(), event, operator, note);
		return applied.withdrawal();
	}

	/** One event in its own transaction. */
	Applied settle(String withdrawalNo, WithdrawalEvent event, String reason, String channelTxId, String by,
			Actor actor) {
		return this.tx.inTransaction(() -> apply(withdrawalNo, event, reason, channelTxId, null, by, actor));
	}

	/**
	 * One event on one withdrawal, in the caller's transaction, as a loop over the state
	 * table: decide from the state read, make the transition with a write that only
	 * succeeds from that state, and post its money when it did. A write that changed
	 * nothing means another event moved the withdrawal first: read it and decide again.
	 */
	Applied apply(String withdrawalNo, WithdrawalEvent event, String reason, String channelTxId, String note, String by,
			Actor actor) {
		Withdrawal row = get(withdrawalNo);
		for (int decision = 1; decision <= MAX_DECISIONS; decision++) {
			WithdrawalTransition transition = WithdrawalRules.decide(event, row.status());
			var now = Times.nowUtc();
			if (!transition.changesState()) {
				if (transition.verdict() == WithdrawalTransition.Verdict.CONTRADICTS) {
					String flag = event + " after " + row.status() + " (" + by + ")";
					this.withdrawals.flag(withdrawalNo, flag, now);
					log.warn("withdrawal {}: {} contradicts its final state {}: nothing moved, flagged for finance",
							withdrawalNo, event, row.status());
				}
				return new Applied(transition, row);
			}
			if (this.withdrawals.move(withdrawalNo, row.status(), transition.target(), actor.name(), reason,
					channelTxId, note, now) == 1) {
				post(row, transition.movement(), by, actor);
				if (!transition.target().equals(WithdrawalStatus.PROCESSING)) {
					this.withdrawals.finishTask(withdrawalNo, now);
				}
				return new Applied(transition, this.withdrawals.find(withdrawalNo));
			}
			row = get(withdrawalNo);
		}
		throw new CannotAcquireLockException("withdrawal " + withdrawalNo + " kept changing under " + event);
	}

	private void post(Withdrawal w, WithdrawalMovement movement, String by, Actor actor) {
		switch (movement) {
			case CAPTURE -> {
				String clearing = clearingAccount(w);
				this.accounts.ensureSystem(clearing, w.currency());
				this.journal.post(Posting.of(JournalKind.WITHDRAWAL_CAPTURE, w.currency(), actor)
					.move(w.accountId(), Bucket.FROZEN, clearing, Bucket.AVAILABLE, w.amount())
					.reference(w.withdrawalNo())
					.createdBy(by));
			}
			case RELEASE -> this.journal.post(Posting.of(JournalKind.WITHDRAWAL_RELEASE, w.currency(), actor)
				.move(w.accountId(), Bucket.FROZEN, w.accountId(), Bucket.AVAILABLE, w.amount())
				.reference(w.withdrawalNo())
				.createdBy(by));
			case NONE -> {
			}
		}
	}

	/** channel:<name>:<CUR>, the way {@link PaymentChannel#clearingAccount} names it. */
	static String clearingAccount(Withdrawal w) {
		return "channel:" + w.channel() + ":" + w.currency();
	}

	PaymentChannel channel() {
		PaymentChannel channel = this.channels.getIfAvailable();
		if (channel == null) {
			throw new LedgerException(LedgerError.CHANNEL_NOT_CONFIGURED, "no payment channel is configured");
		}
		return channel;
	}

}
