package dev.tccledger.ledger.journal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountMapper;
import dev.tccledger.ledger.infra.Times;

import org.springframework.stereotype.Service;

/**
 * The only writer of balances. A posting changes account balances and appends its journal
 * lines in the caller's local transaction, so the journal and the balances cannot
 * disagree (I4). Call inside a transaction; a refusal throws, and the caller's
 * transaction rolls back.
 */
@Service
public class JournalService {

	private final AccountMapper accounts;

	private final JournalMapper journal;

	JournalService(AccountMapper accounts, JournalMapper journal) {
		this.accounts = accounts;
		this.journal = journal;
	}

	/** Applies the posting and returns its journal transaction id. */
	public long post(Posting posting) {
		List<Posting.Line> lines = posting.lines();
		requireBalanced(lines);
		var now = Times.nowUtc();
		// An account row stays locked from its UPDATE to the COMMIT. To keep that short
		// for a hot payee, the journal transaction is written before the balances. The
		// lines must come after them: their foreign key takes a shared lock on each
		// account, and two postings holding it on one payee would deadlock on the way to
		// the UPDATE (README, Benchmark).
		JournalTxRow row = new JournalTxRow();
		row.kind = posting.kind().name();
		row.currency = posting.currency();
		row.xid = posting.xid();
		row.branchId = posting.branchId();
		row.orderNo = posting.orderNo();
		row.reference = posting.reference();
		row.createdBy = posting.createdBy();
		row.actor = posting.actor().name();
		row.createdAt = now;
		this.journal.insertTx(row);
		// Accounts are locked in id order so that two postings never wait on each other
		// in a cycle.
		Map<String, long[]> deltasByAccount = new TreeMap<>();
		for (Posting.Line line : lines) {
			long[] deltas = deltasByAccount.computeIfAbsent(line.accountId(), (id) -> new long[2]);
			int slot = (line.bucket() == Bucket.AVAILABLE) ? 0 : 1;
			deltas[slot] = Money.add(deltas[slot], line.delta());
		}
		for (Map.Entry<String, long[]> entry : deltasByAccount.entrySet()) {
			long[] d = entry.getValue();
			if (d[0] == 0 && d[1] == 0) {
				continue;
			}
			int updated = this.accounts.applyDeltas(entry.getKey(), posting.currency(), d[0], d[1], now);
			if (updated != 1) {
				throw refusal(entry.getKey(), posting.currency());
			}
		}
		this.journal.insertLines(row.journalTxId, lines, now);
		return row.journalTxId;
	}

	public List<JournalEntry> recent(String accountId, int limit) {
		return this.journal.recentLines(accountId, limit);
	}

	static void requireBalanced(List<Posting.Line> lines) {
		long sum = 0;
		for (Posting.Line line : lines) {
			if (line.delta() == 0) {
				throw new IllegalArgumentException("a journal line must move money: " + line);
			}
			sum = Money.add(sum, line.delta());
		}
		if (sum != 0 || lines.isEmpty()) {
			throw new IllegalArgumentException("journal lines must sum to zero: " + lines);
		}
	}

	/** Tells why the guarded update matched no row; only runs on the refusal path. */
	private LedgerException refusal(String accountId, String currency) {
		Account account = this.accounts.findById(accountId);
		if (account == null) {
			return new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + accountId);
		}
		if (!account.getCurrency().equals(currency)) {
			return new LedgerException(LedgerError.CURRENCY_MISMATCH,
					"account " + accountId + " holds " + account.getCurrency() + ", not " + currency);
		}
		return new LedgerException(LedgerError.INSUFFICIENT_FUNDS,
				"account " + accountId + " has " + account.getAvailable() + " available");
	}

}
