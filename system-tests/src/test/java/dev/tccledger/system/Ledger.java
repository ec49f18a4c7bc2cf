package dev.tccledger.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Small named fixtures over the public API of one running system. */
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
			Http.Response deposit = Http.post(this.system.ledger("/api/v1/accounts/" + id + "/deposits"),
					Map.of("amount", amount, "reference", unique("dep")));
			assertThat(deposit.status()).as(deposit.raw()).isEqualTo(201);
		}
		return id;
	}

	String merchant(String currency) {
		return open("MERCHANT", currency);
	}

	private String open(String kind, String currency) {
		String id = unique(kind.toLowerCase());
		Http.Response opened = Http.post(this.system.ledger("/api/v1/accounts"),
				Map.of("accountId", id, "kind", kind, "currency", currency));
		assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
		return id;
	}

	long available(String accountId) {
		return balance(accountId).number("available");
	}

	long frozen(String accountId) {
		return balance(accountId).number("frozen");
	}

	Http.Response balance(String accountId) {
		return Http.get(this.system.ledger("/api/v1/accounts/" + accountId + "/balance"));
	}

	Http.Response freezes(String accountId) {
		return Http.get(this.system.ledger("/api/v1/accounts/" + accountId + "/freezes"));
	}

	static Map<String, Object> order(String orderNo, String payee, String currency, Object... legs) {
		List<Map<String, Object>> legList = new java.util.ArrayList<>();
		for (int i = 0; i < legs.length; i += 2) {
			legList.add(Map.of("accountId", legs[i], "amount", legs[i + 1]));
		}
		return Map.of("orderNo", orderNo, "payeeAccountId", payee, "currency", currency, "legs", legList);
	}

	Http.Response pay(Map<String, Object> order) {
		return Http.post(this.system.orders("/api/v1/orders"), order);
	}

}
