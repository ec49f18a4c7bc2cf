package dev.tccledger.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small named fixtures over the public API of one running system, each call made as the
 * client a real caller would be: demo-shop for accounts and orders, finance-operator for
 * deposits.
 */
final class Ledger {

	private final TestSystem system;

	Ledger(TestSystem system) {
		this.system = system;
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	String customerWithAvailable(String currency, long amount) {
		String id = open("CUSTOMER", currency);
		if (amount > 0) {
			Http.Response deposit = deposit(id, amount);
			assertThat(deposit.status()).as(deposit.raw()).isEqualTo(201);
		}
		return id;
	}

	/** A manual deposit, as finance books one: with the reason it is made for. */
	Http.Response deposit(String accountId, long amount) {
		return Http.post(this.system.ledger("/api/v1/accounts/" + accountId + "/deposits"),
				Map.of("amount", amount, "reference", unique("dep"), "reason", "system-test funding"),
				this.system.token(Tokens.Client.FINANCE_OPERATOR));
	}

	String merchant(String currency) {
		return open("MERCHANT", currency);
	}

	private String open(String kind, String currency) {
		String id = unique(kind.toLowerCase());
		Http.Response opened = Http.post(this.system.ledger("/api/v1/accounts"),
				Map.of("accountId", id, "kind", kind, "currency", currency), shop());
		assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
		return id;
	}

	long available(String accountId) {
		return balance(accountId).number("available");
	}

	long frozen(String accountId) {
		return balance(accountId).number("frozen");
	}

	/** The balance, which must be answered 200 with the account's id and both figures. */
	Http.Response balance(String accountId) {
		Http.Response balance = Http.get(this.system.ledger("/api/v1/accounts/" + accountId + "/balance"), shop())
			.expect(200);
		assertThat(balance.text("accountId")).as(balance.raw()).isEqualTo(accountId);
		balance.number("available");
		balance.number("frozen");
		return balance;
	}

	/** The freezes of an account, newest first: answered 200 with an array. */
	Http.Response freezes(String accountId) {
		Http.Response freezes = Http.get(this.system.ledger("/api/v1/accounts/" + accountId + "/freezes"), shop())
			.expect(200);
		assertThat(freezes.body().isArray()).as(freezes.raw()).isTrue();
		return freezes;
	}

	/**
	 * The status of the account's newest freeze; fails when the account has none (a
	 * missing freeze must not read as some status).
	 */
	String newestFreezeStatus(String accountId) {
		Http.Response freezes = freezes(accountId);
		assertThat(freezes.body()).as("freezes of " + accountId).isNotEmpty();
		String status = freezes.body().get(0).path("status").asText(null);
		assertThat(status).as(freezes.raw()).isIn("TRIED", "CONFIRMED", "CANCELLED", "DUPLICATE");
		return status;
	}

	/** An order as order-service records it: answered 200 with its number and status. */
	Http.Response recordedOrder(String orderNo) {
		Http.Response order = Http.get(this.system.orders("/api/v1/orders/" + orderNo), shop()).expect(200);
		assertThat(order.text("orderNo")).as(order.raw()).isEqualTo(orderNo);
		assertThat(order.text("status")).as(order.raw()).isIn("PENDING", "PAID", "FAILED");
		return order;
	}

	static Map<String, Object> order(String orderNo, String payee, String currency, Object... legs) {
		List<Map<String, Object>> legList = new java.util.ArrayList<>();
		for (int i = 0; i < legs.length; i += 2) {
			legList.add(Map.of("accountId", legs[i], "amount", legs[i + 1]));
		}
		return Map.of("orderNo", orderNo, "payeeAccountId", payee, "currency", currency, "legs", legList);
	}

	Http.Response pay(Map<String, Object> order) {
		return Http.post(this.system.orders("/api/v1/orders"), order, shop());
	}

	/** The token of demo-shop, the shop placing orders and opening accounts. */
	String shop() {
		return this.system.token(Tokens.Client.DEMO_SHOP);
	}

}
