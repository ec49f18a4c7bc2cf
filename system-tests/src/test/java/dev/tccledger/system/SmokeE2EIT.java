package dev.tccledger.system;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation: the released TC and both services as real processes on MariaDB,
 * healthy, registered with the TC, and a global transaction begun in order-service
 * commits there. Runs without the faults profile, so it also proves the fault endpoint
 * does not exist.
 */
class SmokeE2EIT {

	/**
	 * A system on the embedded defaults (no faults profile, no tuned settings), shared
	 * with TcDoorE2EIT: one start fewer in the suite's time.
	 */
	static final TestSystem.Options PLAIN = TestSystem.Options.named("PlainSystem");

	@RegisterExtension
	static final E2e e2e = E2e.shared(PLAIN);

	static TestSystem system;

	@BeforeAll
	static void system() {
		system = e2e.system();
	}

	@Test
	void bothServicesAreHealthyWithTheirDatabaseAndAChannelToTheTc() {
		for (String url : new String[] { system.ledger("/actuator/health"), system.orders("/actuator/health") }) {
			// open to probes: the status of each component, no details
			Http.Response health = Http.get(url);
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.body().path("components").path("db").path("status").asText()).isEqualTo("UP");
			assertThat(health.body().path("components").path("seata").path("status").asText()).isEqualTo("UP");
			assertThat(health.body().path("components").path("seata").has("details")).isFalse();
			assertThat(health.body().path("components").path("db").has("details")).isFalse();
			// the details (database product, channels to the TC) for a token with
			// ops:metrics
			Http.Response detailed = Http.get(url, system.token(Tokens.Client.PROMETHEUS));
			assertThat(detailed.body().path("components").path("seata").path("details").path("rmChannels").asLong())
				.isPositive();
		}
		assertThat(Http.get(system.ledger("/actuator/prometheus"), system.token(Tokens.Client.PROMETHEUS)).raw())
			.contains("jvm_memory_used_bytes");
	}

	@Test
	void aGlobalTransactionBegunInOrderServiceCommitsAtTheTc() throws Exception {
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		Http.Response paid = ledger.pay(Ledger.order(Ledger.unique("o"), shop, "CNY", alice, 2_500));
		assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
		assertThat(paid.text("status")).isEqualTo("PAID");
		assertThat(paid.text("xid")).contains(":" + system.tcRpcPort + ":");
		assertThat(ledger.available(alice)).isEqualTo(7_500);
		assertThat(ledger.available(shop)).isEqualTo(2_500);
		assertThat(Http.get(system.ledger("/actuator/prometheus"), system.token(Tokens.Client.PROMETHEUS)).raw())
			.contains("ledger_tcc_total{application=\"ledger-service\",outcome=\"captured\",phase=\"confirm\"} 1.0");
		Auditor.audit(system);
	}

	/**
	 * The door, with real tokens from the real issuer: no token is 401 with the Bearer
	 * challenge, a token without the endpoint's scope is 403 (a shop may ask for a
	 * payment but never freeze or deposit money itself), and neither changes anything.
	 */
	@Test
	void aCallWithoutATokenOrWithoutTheScopeIsRefusedAtTheDoorAndChangesNothing() {
		Ledger ledger = new Ledger(system);
		String alice = ledger.customerWithAvailable("CNY", 10_000);
		String shop = ledger.merchant("CNY");
		String orderNo = Ledger.unique("door");
		double ledgerUnauthenticated = refused(system.ledger(""), "UNAUTHENTICATED");
		double ledgerForbidden = refused(system.ledger(""), "FORBIDDEN");
		double ordersUnauthenticated = refused(system.orders(""), "UNAUTHENTICATED");
		Http.Response noToken = Http.post(system.orders("/api/v1/orders"),
				Ledger.order(orderNo, shop, "CNY", alice, 2_500));
		assertRefused(noToken, 401, "UNAUTHENTICATED");
		assertThat(noToken.header("WWW-Authenticate")).as(noToken.toString()).startsWith("Bearer");
		assertRefused(Http.get(system.ledger("/api/v1/accounts/" + alice + "/balance")), 401, "UNAUTHENTICATED");

		String shopToken = ledger.shop();
		assertRefused(Http.post(system.ledger("/api/v1/tcc/freezes"), Map.of("orderNo", orderNo, "accountId", alice,
				"payeeAccountId", shop, "amount", 2_500, "currency", "CNY"), shopToken), 403, "FORBIDDEN");
		assertRefused(Http.post(system.ledger("/api/v1/accounts/" + alice + "/deposits"),
				Map.of("amount", 1, "reference", Ledger.unique("dep"), "reason", "a shop funding itself"), shopToken),
				403, "FORBIDDEN");
		assertRefused(Http.get(system.ledger("/api/v1/accounts/" + alice + "/balance"),
				system.token(Tokens.Client.PROMETHEUS)), 403, "FORBIDDEN");

		assertThat(Http.get(system.orders("/api/v1/orders/" + orderNo), shopToken).status()).isEqualTo(404);
		assertThat(ledger.available(alice)).isEqualTo(10_000);
		assertThat(ledger.frozen(alice)).isZero();
		assertThat(ledger.freezes(alice).body()).isEmpty();
		// each refusal counted where it was made
		assertThat(refused(system.ledger(""), "UNAUTHENTICATED") - ledgerUnauthenticated).isEqualTo(1);
		assertThat(refused(system.ledger(""), "FORBIDDEN") - ledgerForbidden).isEqualTo(3);
		assertThat(refused(system.orders(""), "UNAUTHENTICATED") - ordersUnauthenticated).isEqualTo(1);
	}

	private static double refused(String serviceBase, String code) {
		return Metrics.sum(system, serviceBase, "tcc_security_refusals_total", "code=\"" + code + "\"");
	}

	private static void assertRefused(Http.Response answer, int status, String code) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.contentType()).as(answer.toString()).contains("application/problem+json");
		assertThat(answer.text("code")).as(answer.toString()).isEqualTo(code);
	}

	@Test
	void withoutTheFaultsProfileThereIsNoFaultEndpoint() {
		// asked as the ops client, which may call the fault endpoint where there is one
		String ops = system.token(Tokens.Client.OPS);
		Http.Response ledgerFaults = Http.put(system.ledger("/api/v1/faults/LEDGER_TRY_BEFORE_WRITE"),
				Map.of("action", "HALT"), ops);
		Http.Response orderFaults = Http.get(system.orders("/api/v1/faults"), ops);
		assertThat(ledgerFaults.status()).isIn(404, 405);
		assertThat(orderFaults.status()).isEqualTo(404);
		assertThat(orderFaults.contentType()).contains("application/problem+json");
	}

}
