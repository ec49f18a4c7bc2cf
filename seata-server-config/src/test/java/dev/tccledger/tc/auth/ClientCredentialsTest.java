package dev.tccledger.tc.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCredentialsTest {

	/**
	 * The vector tcc-support's TcCredentialTest creates (signature from openssl dgst
	 * -sha256 -hmac): ledger-service, group tcc-ledger-group, secret
	 * ledger-secret-for-tests, 1700000000000, nonce bm9uY2Utb2YtdGVzdA.
	 */
	static final String VECTOR = "tcc-auth=ledger-service:1700000000000:bm9uY2Utb2YtdGVzdA:"
			+ "yyyVGXpFX9Uz19TIb87fW79FzbSCfvLZgSDWLgqC6x8=";

	static final String SECRETS = "ledger-service=ledger-secret-for-tests, order-service=order-secret-for-tests";

	static final String GROUP = "tcc-ledger-group";

	private static ClientCredentials at(long epochMillis) {
		return ClientCredentials.of(SECRETS, false, Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
	}

	@Test
	void theSharedVectorIsAcceptedOnceNextToSeatasOwnLines() {
		ClientCredentials credentials = at(1_700_000_060_000L);
		String extraData = "ak=null\ndigest=x\ntimestamp=1\nauth-version=V4\nvgroup=" + GROUP + "\n" + VECTOR + "\n";
		assertNull(credentials.refusal("ledger-service", GROUP, extraData));
		assertEquals("a credential already used", credentials.refusal("ledger-service", GROUP, extraData));
	}

	@Test
	void aMissingCredentialIsRefused() {
		assertEquals("no tcc-auth credential", at(1_700_000_000_000L).refusal("ledger-service", GROUP, null));
		assertEquals("no tcc-auth credential",
				at(1_700_000_000_000L).refusal("ledger-service", GROUP, "ak=null\ndigest=x\n"));
	}

	@Test
	void aCredentialSignedWithAnotherSecretIsRefused() {
		// the vector is signed with ledger-secret-for-tests; this TC has another secret for the ledger
		ClientCredentials otherSecret = ClientCredentials.of("ledger-service=not-the-ledger-secret", false,
				Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
		assertTrue(otherSecret.refusal("ledger-service", GROUP, VECTOR).startsWith("a wrong signature"));
	}

	@Test
	void aCredentialOfAnotherApplicationIsRefused() {
		ClientCredentials credentials = at(1_700_000_000_000L);
		assertTrue(credentials.refusal("order-service", GROUP, VECTOR).startsWith("a credential of another application"));
		assertEquals("an application the TC has no secret for",
				credentials.refusal("rogue-service", GROUP, VECTOR.replace("ledger-service", "rogue-service")));
	}

	@Test
	void aCredentialForAnotherGroupIsRefused() {
		assertTrue(at(1_700_000_000_000L).refusal("ledger-service", "other-group", VECTOR)
			.startsWith("a wrong signature"));
	}

	@Test
	void aStaleOrFutureCredentialIsRefused() {
		long signedAt = 1_700_000_000_000L;
		assertNull(at(signedAt + 300_000).refusal("ledger-service", GROUP, VECTOR));
		assertTrue(at(signedAt + 300_001).refusal("ledger-service", GROUP, VECTOR).contains("outside the window"));
		assertTrue(at(signedAt - 300_001).refusal("ledger-service", GROUP, VECTOR).contains("outside the window"));
	}

	@Test
	void aTamperedCredentialIsRefused() {
		ClientCredentials credentials = at(1_700_000_000_000L);
		// another time or nonce under the same signature
		assertTrue(credentials.refusal("ledger-service", GROUP, VECTOR.replace(":1700000000000:", ":1700000000001:"))
			.startsWith("a wrong signature"));
		assertTrue(credentials.refusal("ledger-service", GROUP, VECTOR.replace("bm9uY2Utb2YtdGVzdA", "bm9uY2Utb2YtdGVzdB"))
			.startsWith("a wrong signature"));
		assertTrue(credentials.refusal("ledger-service", GROUP, VECTOR.replace("yyyV", "yyyW"))
			.startsWith("a wrong signature"));
		assertEquals("a malformed tcc-auth credential",
				credentials.refusal("ledger-service", GROUP, "tcc-auth=ledger-service:1700000000000:sig"));
		assertEquals("a malformed tcc-auth timestamp",
				credentials.refusal("ledger-service", GROUP, VECTOR.replace(":1700000000000:", ":soon:")));
		assertEquals("more than one tcc-auth line",
				credentials.refusal("ledger-service", GROUP, VECTOR + "\n" + VECTOR + "\n"));
	}

	@Test
	void theEmbeddedDefaultKnowsEveryApplicationsDevelopmentSecretAndNothingElse() {
		ClientCredentials development = ClientCredentials.of("", true,
				Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
		assertTrue(development.developmentSecrets());
		assertTrue(development.refusal("ledger-service", GROUP, VECTOR).startsWith("a wrong signature"));
		// configured secrets switch the development ones off
		assertTrue(!at(1_700_000_000_000L).developmentSecrets());
	}

	@Test
	void noSecretsOrMalformedOnesStopTheTc() {
		assertThrows(IllegalStateException.class, () -> ClientCredentials.of(null, false, Clock.systemUTC()));
		assertThrows(IllegalStateException.class, () -> ClientCredentials.of(" ", false, Clock.systemUTC()));
		assertThrows(IllegalStateException.class,
				() -> ClientCredentials.of("ledger-service=short", false, Clock.systemUTC()));
		assertThrows(IllegalStateException.class,
				() -> ClientCredentials.of("=a-secret-long-enough", false, Clock.systemUTC()));
		assertThrows(IllegalStateException.class, () -> ClientCredentials
			.of("a=a-secret-long-enough,a=a-secret-long-enough", false, Clock.systemUTC()));
	}

}
