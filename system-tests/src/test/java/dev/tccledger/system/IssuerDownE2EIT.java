package dev.tccledger.system;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The auth-server SIGKILLed under a running system (tokens living 6 s, the system shared
 * with {@link TokenExpiryE2EIT}): tokens issued before still verify with the keys the
 * services hold, but no new token can be had, so an order that needs order-service's next
 * token fails 503 with nothing half done; the issuer started again on its port (a new
 * signing key), orders are paid again.
 */
class IssuerDownE2EIT {

	@RegisterExtension
	static final E2e e2e = E2e.shared(TokenExpiryE2EIT.SHORT_LIVED_TOKENS)
		.restartingWhatDied()
		.settledWithin(Duration.ofSeconds(60));

	static final Duration TTL = TokenExpiryE2EIT.TOKEN_TTL;

	@Test
	void withTheIssuerDownHeldTokensStillWorkButAnOrderNeedingANewOneFailsCleanly() throws Exception {
		TestSystem system = e2e.system();
		Ledger ledger = e2e.ledger();
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		// order-service fetches a token for the ledger, at the latest now
		String first = Ledger.unique("before");
		Http.Response paid = ledger.pay(Ledger.order(first, shop, "CNY", alice, 2_500));
		assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
		long orderServiceTokenAt = System.nanoTime();

		// the shop's token, fetched later than order-service's: still valid once that one
		// has expired
		sleepUntil(orderServiceTokenAt + Duration.ofSeconds(3).toNanos());
		String held = system.tokens.fresh(Tokens.Client.DEMO_SHOP);
		system.killAuth();

		// verified with the keys the services fetched before
		assertThat(
				Http.get(system.ledger("/api/v1/accounts/" + alice + "/balance"), held).expect(200).number("available"))
			.isEqualTo(7_500);
		assertThat(Http.get(system.orders("/api/v1/orders/" + first), held).expect(200).text("status"))
			.isEqualTo("PAID");
		assertThatThrownBy(() -> system.tokens.fresh(Tokens.Client.DEMO_SHOP)).as("a token from a dead issuer")
			.isInstanceOf(RuntimeException.class);

		// order-service's token is due for renewal (past its expiry less the refresh
		// skew)
		// and it cannot get another
		sleepUntil(orderServiceTokenAt + TTL.plusMillis(500).toNanos());
		String orderNo = Ledger.unique("issuerdown");
		Http.Response down = Http.post(system.orders("/api/v1/orders"),
				Ledger.order(orderNo, shop, "CNY", alice, 1_000), held);
		assertThat(down.status()).as(down.raw()).isEqualTo(503);
		assertThat(down.contentType()).contains("application/problem+json");
		assertThat(down.text("orderNo")).as(down.raw()).isEqualTo(orderNo);
		assertThat(down.text("status")).as(down.raw()).isEqualTo("FAILED");
		assertThat(down.text("code")).as(down.raw()).isEqualTo("ISSUER_UNAVAILABLE");
		// nothing half done: no freeze, no money moved, the order not paid
		assertThat(Recovery.count(system.ledgerDb(), "SELECT COUNT(*) FROM freeze WHERE order_no = '" + orderNo + "'"))
			.as("freezes of the refused order")
			.isZero();
		Http.Response balance = Http.get(system.ledger("/api/v1/accounts/" + alice + "/balance"), held).expect(200);
		assertThat(balance.number("available")).isEqualTo(7_500);
		assertThat(balance.number("frozen")).isZero();
		assertThat(Http.get(system.orders("/api/v1/orders/" + orderNo), held).expect(200).text("status"))
			.isEqualTo("FAILED");

		// the issuer back on its port, with a new key: tokens are had and orders paid
		system.startAuth();
		// a new order number each time: an order refused while the services caught up
		// with the new key stays refused
		Http.Response again = await("an order paid with the issuer back").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> ledger.pay(Ledger.order(Ledger.unique("after"), shop, "CNY", alice, 1_000)),
					(answer) -> answer.status() == 201);
		assertThat(again.text("status")).as(again.raw()).isEqualTo("PAID");
		assertThat(ledger.available(alice)).isEqualTo(6_500);
		assertThat(ledger.available(shop)).isEqualTo(3_500);
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
		}
	}

}
