package dev.tccledger.ledger.transfer;

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
 * A direct transfer in one local transaction, no global transaction: the benchmark's
 * baseline for what a TCC payment costs. Idempotent on the transfer id.
 */
@Service
public class TransferService {

	private final TransferMapper transfers;

	private final AccountService accounts;

	private final JournalService journal;

	private final TxRunner tx;

	TransferService(TransferMapper transfers, AccountService accounts, JournalService journal, TxRunner tx) {
		this.transfers = transfers;
		this.accounts = accounts;
		this.journal = journal;
		this.tx = tx;
	}

	public record Transferred(Account from, Account to, boolean created) {
	}

	public Transferred transfer(String transferId, String fromAccountId, String toAccountId, long amount, Actor actor) {
		Ids.requireId("transferId", transferId);
		Ids.requireId("fromAccountId", fromAccountId);
		Ids.requireId("toAccountId", toAccountId);
		Money.requireValidAmount(amount);
		if (fromAccountId.equals(toAccountId)) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "from and to must be different accounts");
		}
		AccountService.AccountProfile from = this.accounts.profile(fromAccountId);
		AccountService.AccountProfile to = this.accounts.profile(toAccountId);
		if (from.isSystem() || to.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "a transfer cannot use a system account");
		}
		if (!from.currency().equals(to.currency())) {
			throw new LedgerException(LedgerError.CURRENCY_MISMATCH,
					fromAccountId + " holds " + from.currency() + ", " + toAccountId + " holds " + to.currency());
		}
		return this.tx.inTransaction(() -> {
			TransferMapper.TransferRow seen = this.transfers.find(transferId);
			if (seen == null) {
				long journalTxId = this.journal.post(Posting.of(JournalKind.TRANSFER, from.currency(), actor)
					.move(fromAccountId, Bucket.AVAILABLE, toAccountId, Bucket.AVAILABLE, amount)
					.reference(transferId));
				try {
					this.transfers.insert(transferId, fromAccountId, toAccountId, amount, actor.name(), journalTxId,
							Times.nowUtc());
				}
				catch (DuplicateKeyException raced) {
					throw new CannotAcquireLockException("transfer " + transferId + " raced, retrying");
				}
				return new Transferred(this.accounts.get(fromAccountId), this.accounts.get(toAccountId), true);
			}
			if (!seen.fromAccountId().equals(fromAccountId) || !seen.toAccountId().equals(toAccountId)
					|| seen.amount() != amount) {
				throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "transfer " + transferId + " moved "
						+ seen.amount() + " from " + seen.fromAccountId() + " to " + seen.toAccountId());
			}
			return new Transferred(this.accounts.get(fromAccountId), this.accounts.get(toAccountId), false);
		});
	}

}
