package dev.tccledger.ledger.account;

import java.util.Objects;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Opens accounts and reads them. Opening is idempotent on the account id.
 */
@Service
public class AccountService {

	/** What the SMS gateway accepts as a recipient. */
	private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{3,20}");

	/**
	 * How many account profiles stay in memory: enough for every account a busy hour
	 * touches, bounded so that a ledger with millions of accounts stays within its heap.
	 */
	static final int PROFILE_CACHE_SIZE = 100_000;

	private final AccountMapper accounts;

	private final TxRunner tx;

	/**
	 * Kind and currency never change once an account is opened and accounts are never
	 * removed, so a profile read once stays true; only accounts that exist are cached.
	 */
	private final Cache<String, AccountProfile> profiles = Caffeine.newBuilder()
		.maximumSize(PROFILE_CACHE_SIZE)
		.build();

	AccountService(AccountMapper accounts, TxRunner tx) {
		this.accounts = accounts;
		this.tx = tx;
	}

	/** What a payment needs to know about an account before it moves money. */
	public record AccountProfile(String accountId, AccountKind kind, String currency) {

		public boolean isSystem() {
			return this.kind == AccountKind.SYSTEM;
		}

	}

	public record Opened(Account account, boolean created) {
	}

	public Opened open(String accountId, AccountKind kind, String currency) {
		return open(accountId, kind, currency, null);
	}

	/**
	 * Opens an account, idempotently: the same id with the same kind, currency and phone
	 * answers the account; with another, a conflict. {@code phone} (optional) is where
	 * its text messages go (docs/http-api.md, notifications).
	 */
	public Opened open(String accountId, AccountKind kind, String currency, String phone) {
		Ids.requireId("accountId", accountId);
		if (phone != null && !PHONE.matcher(phone).matches()) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "phone must be 3-20 digits, optionally after +");
		}
		Ids.requireCurrency(currency);
		if (kind == null) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "kind must be CUSTOMER or MERCHANT");
		}
		if (kind == AccountKind.SYSTEM || Account.isSystemId(accountId)) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "system accounts (" + Account.EXTERNAL_PREFIX
					+ "<CUR>, " + Account.CHANNEL_PREFIX + "<name>:<CUR>) are created by the ledger itself");
		}
		return this.tx.inTransaction(() -> {
			Account existing = this.accounts.findById(accountId);
			if (existing == null) {
				ensureExternal(currency);
				try {
					Account account = Account.open(accountId, kind, currency, Times.nowUtc());
					account.setPhone(phone);
					this.accounts.insert(account);
					return new Opened(this.accounts.findById(accountId), true);
				}
				catch (DuplicateKeyException raced) {
					existing = this.accounts.findById(accountId);
				}
			}
			if (existing.getKind() != kind || !existing.getCurrency().equals(currency)
					|| !Objects.equals(existing.getPhone(), phone)) {
				throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "account " + accountId + " exists as "
						+ existing.getKind() + " in " + existing.getCurrency() + " with another phone or none");
			}
			return new Opened(existing, false);
		});
	}

	/**
	 * The account's kind and currency, or ACCOUNT_NOT_FOUND; a database read only the
	 * first time. Balances are not in it: they are read, and guarded, in SQL.
	 */
	public AccountProfile profile(String accountId) {
		AccountProfile known = (accountId != null) ? this.profiles.getIfPresent(accountId) : null;
		if (known != null) {
			return known;
		}
		Account account = get(accountId);
		AccountProfile profile = new AccountProfile(account.getAccountId(), account.getKind(), account.getCurrency());
		this.profiles.put(accountId, profile);
		return profile;
	}

	/** The account, or ACCOUNT_NOT_FOUND. */
	public Account get(String accountId) {
		Account account = (accountId != null) ? this.accounts.findById(accountId) : null;
		if (account == null) {
			throw new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + accountId);
		}
		return account;
	}

	/**
	 * The system account of a currency, created on first use. Call inside a transaction.
	 */
	public Account ensureExternal(String currency) {
		return ensureSystem(Account.externalAccountId(currency), currency);
	}

	/**
	 * A system account (a channel's clearing account, say), created on first use. Call
	 * inside a transaction.
	 */
	public Account ensureSystem(String id, String currency) {
		Account external = this.accounts.findById(id);
		if (external != null) {
			return external;
		}
		try {
			this.accounts.insert(Account.open(id, AccountKind.SYSTEM, currency, Times.nowUtc()));
		}
		catch (DuplicateKeyException raced) {
			// another request created it first: the row is the same either way
		}
		return this.accounts.findById(id);
	}

}
