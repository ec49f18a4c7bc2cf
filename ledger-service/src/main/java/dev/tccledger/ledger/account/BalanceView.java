package dev.tccledger.ledger.account;

/** An account's money as the API shows it after anything that moved it. */
public record BalanceView(String accountId, String currency, long available, long frozen, long total) {

	public static BalanceView of(Account a) {
		return new BalanceView(a.getAccountId(), a.getCurrency(), a.getAvailable(), a.getFrozen(), a.total());
	}

}
