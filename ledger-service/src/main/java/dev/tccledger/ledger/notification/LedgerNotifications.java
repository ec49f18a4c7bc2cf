package dev.tccledger.ledger.notification;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.support.outbox.Outbox;
import dev.tccledger.support.outbox.OutboxEvent;

import org.springframework.stereotype.Component;

/**
 * What the ledger tells people once money has settled (docs/architecture.md,
 * notifications): each call writes to the outbox inside the transaction of the state
 * change it announces, so the message exists exactly when the change committed. The
 * account's phone, when it has one, gets a text; the webhooks subscribed to the event
 * type get the event.
 */
@Component
public class LedgerNotifications {

	public static final String RECHARGE_SUCCEEDED = "RECHARGE_SUCCEEDED";

	public static final String WITHDRAWAL_SUCCEEDED = "WITHDRAWAL_SUCCEEDED";

	public static final String WITHDRAWAL_FAILED = "WITHDRAWAL_FAILED";

	private final Outbox outbox;

	private final AccountService accounts;

	LedgerNotifications(Outbox outbox, AccountService accounts) {
		this.outbox = outbox;
		this.accounts = accounts;
	}

	public void rechargeSucceeded(String rechargeNo, String accountId, long amount, String currency) {
		publish(RECHARGE_SUCCEEDED, rechargeNo, accountId, amount, currency, "rechargeNo",
				"Recharge " + rechargeNo + ": " + shown(amount, currency) + " credited to account " + accountId + ".",
				null);
	}

	public void withdrawalSettled(String withdrawalNo, String accountId, long amount, String currency,
			boolean succeeded) {
		publish(succeeded ? WITHDRAWAL_SUCCEEDED : WITHDRAWAL_FAILED, withdrawalNo, accountId, amount, currency,
				"withdrawalNo",
				"Withdrawal " + withdrawalNo + ": " + shown(amount, currency)
						+ (succeeded ? " paid out from account " + accountId + "."
								: " not paid out; returned to account " + accountId + "."),
				succeeded ? "SUCCEEDED" : "FAILED");
	}

	private void publish(String type, String no, String accountId, long amount, String currency, String noField,
			String text, String status) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(noField, no);
		data.put("accountId", accountId);
		data.put("amount", amount);
		data.put("currency", currency);
		if (status != null) {
			data.put("status", status);
		}
		Account account = this.accounts.get(accountId);
		this.outbox.publish(OutboxEvent.of(type, no, data).withSms(account.getPhone(), text));
	}

	/** Minor units as a person reads them: 12345 CNY is "123.45 CNY". */
	static String shown(long minorUnits, String currency) {
		int digits;
		try {
			digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		}
		catch (IllegalArgumentException notIso) {
			// a message never fails a payment: an unknown code shows in minor units
			digits = 0;
		}
		return BigDecimal.valueOf(minorUnits).movePointLeft(digits).toPlainString() + " " + currency;
	}

}
