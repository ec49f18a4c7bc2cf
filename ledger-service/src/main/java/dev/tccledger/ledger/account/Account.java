package dev.tccledger.ledger.account;

import java.time.LocalDateTime;

import dev.tccledger.ledger.Money;

/**
 * An account row. Balances change only through the journal (see JournalService), never by
 * setting these fields.
 */
public class Account {

	/**
	 * The prefix of the per-currency system account that stands for the outside world.
	 */
	public static final String EXTERNAL_PREFIX = "external:";

	public static final String CHANNEL_PREFIX = "channel:";

	private String accountId;

	private AccountKind kind;

	private String currency;

	private long available;

	private long frozen;

	/** Where the account's text messages go; null: none (webhook events only). */
	private String phone;

	private LocalDateTime createdAt;

	private LocalDateTime updatedAt;

	public static Account open(String accountId, AccountKind kind, String currency, LocalDateTime now) {
		Account account = new Account();
		account.accountId = accountId;
		account.kind = kind;
		account.currency = currency;
		account.createdAt = now;
		account.updatedAt = now;
		return account;
	}

	public static String externalAccountId(String currency) {
		return EXTERNAL_PREFIX + currency;
	}

	public static boolean isExternalId(String accountId) {
		return accountId.startsWith(EXTERNAL_PREFIX);
	}

	/**
	 * Ids the ledger keeps for itself: {@code external:<CUR>} and the channels' clearing
	 * accounts {@code channel:<name>:<CUR>}. Nobody opens one by hand.
	 */
	public static boolean isSystemId(String accountId) {
		return isExternalId(accountId) || accountId.startsWith(CHANNEL_PREFIX);
	}

	public long total() {
		return Money.add(this.available, this.frozen);
	}

	public boolean isSystem() {
		return this.kind == AccountKind.SYSTEM;
	}

	public String getAccountId() {
		return this.accountId;
	}

	public void setAccountId(String accountId) {
		this.accountId = accountId;
	}

	public AccountKind getKind() {
		return this.kind;
	}

	public void setKind(AccountKind kind) {
		this.kind = kind;
	}

	public String getCurrency() {
		return this.currency;
	}

	public void setCurrency(String currency) {
		this.currency = currency;
	}

	public long getAvailable() {
		return this.available;
	}

	public void setAvailable(long available) {
		this.available = available;
	}

	public long getFrozen() {
		return this.frozen;
	}

	public void setFrozen(long frozen) {
		this.frozen = frozen;
	}

	public String getPhone() {
		return this.phone;
	}

	public void setPhone(String phone) {
		this.phone = phone;
	}

	public LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(LocalDateTime createdAt) {
		this.createdAt = createdAt;
	}

	public LocalDateTime getUpdatedAt() {
		return this.updatedAt;
	}

	public void setUpdatedAt(LocalDateTime updatedAt) {
		this.updatedAt = updatedAt;
	}

}
