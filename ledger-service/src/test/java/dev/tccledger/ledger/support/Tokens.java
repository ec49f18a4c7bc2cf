package dev.tccledger.ledger.support;

import java.util.List;

import dev.tccledger.support.security.TestIssuer;

/**
 * The token issuer every ledger test context trusts: one per test JVM, stopped when it
 * exits. Each context fetches its keys once.
 */
public final class Tokens {

	public static final TestIssuer ISSUER = new TestIssuer();

	/** Every scope the ledger checks, and the platform's. */
	public static final List<String> ALL_SCOPES = List.of("ledger:accounts", "ledger:transfer", "ledger:pay",
			"finance:read", "finance:operate", "ops:faults", "ops:metrics");

	/** The subject the general HTTP tests call as. */
	public static final String TEST_CLIENT = "ledger-it";

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ISSUER::close, "test-issuer-stop"));
	}

	private Tokens() {
	}

	/** A right token for {@code subject} holding every scope. */
	public static String everything(String subject) {
		return ISSUER.token(subject, ALL_SCOPES.toArray(String[]::new));
	}

}
