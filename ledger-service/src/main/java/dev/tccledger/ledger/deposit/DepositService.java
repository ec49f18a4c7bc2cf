package dev.tccledger.ledger.deposit;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalKind;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.ledger.journal.Posting;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * A manual adjustment: money coming in from outside, debiting {@code external:<CUR>} and
 * crediting the account, made by a finance operator who says why. Idempotent on the
 * reference: the same reference with the same account, amount and reason is a replay.
 */
@Service
public class DepositService {

	private final DepositMapper deposits;

	private final AccountService accounts;

	private final JournalService journal;

	private final TxRunner tx;

	DepositService(DepositMapper deposits, AccountService accounts, JournalService journal, TxRunner tx) {
		this.deposits = deposits;
		this.accounts = accounts;
		this.journal = journal;
		this.tx = tx;
	}

	/**
	 * {@code created} is false when this reference was already deposited (nothing moved).
	 */
	public record Deposited(Account account, boolean created) {
	}

	/** As wide as {@code deposit.reason}. */
	public static final int MAX_REASON_LENGTH = 200;

	public Deposited deposit(String accountId, String reference, long amount, String reason, Actor actor) {
		Ids.requireId("reference", reference);
		Money.requireValidAmount(amount);
		if (reason == null || reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"reason must say why, in 1-" + MAX_REASON_LENGTH + " characters");
		}
		Account target = this.accounts.get(accountId);
		if (target.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "cannot deposit into a system account");
		}
		return this.tx.inTransaction(() -> {
			DepositMapper.DepositRow seen = this.deposits.find(reference);
			if (seen == null) {
				Account external = this.accounts.ensureExternal(target.getCurrency());
				long journalTxId = this.journal.post(Posting.of(JournalKind.DEPOSIT, target.getCurrency(), actor)
					.move(external.getAccountId(), Bucket.AVAILABLE, accountId, Bucket.AVAILABLE, amount)
					.reference(reference));
				try {
					this.deposits.insert(reference, accountId, amount, reason, actor.name(), journalTxId,
							Times.nowUtc());
					return new Deposited(this.accounts.get(accountId), true);
				}
				catch (DuplicateKeyException raced) {
					// the same reference committed first: undo ours by rolling back, then
					// answer as a replay
					throw new CannotAcquireLockException("deposit " + reference + " raced, retrying");
				}
			}
			// a replay moves nothing and keeps the first actor: the adjustment was made
			// once
			if (!seen.accountId().equals(accountId) || seen.amount() != amount || !seen.reason().equals(reason)) {
				throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "reference " + reference
						+ " was a deposit of " + seen.amount() + " into " + seen.accountId() + " for another reason");
			}
			return new Deposited(this.accounts.get(accountId), false);
		});
	}

}
