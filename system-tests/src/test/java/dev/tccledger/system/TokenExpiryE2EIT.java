package dev.tccledger.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens that live 6 s under a steady load of orders: order-service's own token for the
 * ledger expires several times during the load, and so do the clients' tokens. Every
 * order must still end PAID (nothing refused for an expired token, nothing lost), because
 * order-service fetches a new token before the old one runs out.
 */
class TokenExpiryE2EIT {

	private static final Logger log = LoggerFactory.getLogger(TokenExpiryE2EIT.class);

	static final Duration TOKEN_TTL = Duration.ofSeconds(6);

	/**
	 * order-service asks for a new token this long before its token expires (30 s by
	 * default, longer than these tokens live: it would fetch one for every call and never
	 * keep one to expiry).
	 */
	static final Duration ORDER_SERVICE_REFRESH_SKEW = Duration.ofSeconds(2);

	/**
	 * The system this class and {@link IssuerDownE2EIT} share: an auth-server whose
	 * tokens expire within a scenario, and an order-service that keeps its token until
	 * shortly before.
	 */
	static final TestSystem.Options SHORT_LIVED_TOKENS = TestSystem.Options.named("ShortLivedTokens")
		.args(List.of(), List.of("--orders.ledger-token.refresh-skew-ms=" + ORDER_SERVICE_REFRESH_SKEW.toMillis()))
		.authArgs(List.of("--auth.access-token-ttl=PT" + TOKEN_TTL.toSeconds() + "S"));

	static final Duration LOAD = Duration.ofSeconds(20);

	static final String REFUSALS = "tcc_security_refusals_total";

	static final String UNAUTHENTICATED = "code=\"UNAUTHENTICATED\"";

	@RegisterExtension
	static final E2e e2e = E2e.shared(SHORT_LIVED_TOKENS).restartingWhatDied().settledWithin(Duration.ofSeconds(60));

	@Test
	void ordersPaidForLongerThanATokenLivesAreAllPaidWhileOrderServiceRenewsItsToken() throws Exception {
		TestSystem system = e2e.system();
		Ledger ledger = e2e.ledger();
		List<String> payers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			payers.add(ledger.customerWithAvailable("CNY", 1_000_000));
		}
		String shop = ledger.merchant("CNY");
		double issuedBefore = tokensFetched(system);
		double refusedBefore = unauthenticated(system);

		Recovery.Load load = new Recovery.Load(ledger, payers, shop, 3, Ledger.unique("ttl"));
		try (load) {
			Thread.sleep(LOAD.toMillis());
		}

		List<Recovery.Outcome> outcomes = List.copyOf(load.outcomes);
		double issued = tokensFetched(system) - issuedBefore;
		log.info("token expiry: {} orders in {}, {} tokens issued to order-service", outcomes.size(), LOAD, issued);
		assertThat(outcomes).as("orders placed during the load").hasSizeGreaterThanOrEqualTo(20);
		assertThat(outcomes.stream().filter((o) -> !o.paid()).toList()).as("orders not answered 201 PAID").isEmpty();
		// the money: each order PAID at order-service, its amount credited to the shop
		long paidAmount;
		long paidCount;
		try (Connection orders = system.orderDb();
				PreparedStatement q = orders.prepareStatement("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM orders"
						+ " WHERE status = 'PAID' AND order_no LIKE ?")) {
			q.setString(1, load.prefix + "-%");
			try (ResultSet rs = q.executeQuery()) {
				rs.next();
				paidCount = rs.getLong(1);
				paidAmount = rs.getLong(2);
			}
		}
		assertThat(paidCount).as("orders recorded PAID").isEqualTo(outcomes.size());
		assertThat(ledger.available(shop)).as("credited to the shop").isEqualTo(paidAmount);
		// order-service renewed its token for the ledger at least once per lifetime
		assertThat(issued).as("tokens issued to order-service during " + LOAD)
			.isGreaterThanOrEqualTo(LOAD.toSeconds() / TOKEN_TTL.toSeconds());
		assertThat(unauthenticated(system) - refusedBefore).as("requests the services refused as unauthenticated")
			.isZero();
	}

	/**
	 * Tokens order-service fetched from the issuer for its calls to the ledger so far.
	 */
	static double tokensFetched(TestSystem system) {
		return Metrics.sum(system, system.orders(""), "tcc_auth_token_fetch_total", "outcome=\"success\"");
	}

	/** Requests both services refused with 401 so far. */
	static double unauthenticated(TestSystem system) {
		return Metrics.sum(system, system.ledger(""), REFUSALS, UNAUTHENTICATED)
				+ Metrics.sum(system, system.orders(""), REFUSALS, UNAUTHENTICATED);
	}

}
