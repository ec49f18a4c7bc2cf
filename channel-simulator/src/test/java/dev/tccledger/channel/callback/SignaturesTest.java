package dev.tccledger.channel.callback;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vectors computed outside Java, with
 * {@code printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret"}: what a merchant
 * verifying with any HMAC library gets.
 */
class SignaturesTest {

	private static final String SECRET = "sim-ledger-callback-secret";

	@Test
	void aCallbackBodyIsSignedAsTimestampDotBody() {
		String body = "{\"eventId\":\"evt_0123456789abcdef01234567\",\"type\":\"PAYMENT\","
				+ "\"channelTxId\":\"pay_0123456789abcdef01234567\",\"reference\":\"r-1\",\"amount\":5000,"
				+ "\"currency\":\"CNY\",\"status\":\"SUCCEEDED\",\"reason\":null,\"occurredAt\":\"2025-11-25T18:00:00Z\"}";

		assertThat(Signatures.sign(SECRET, 1764093600L, body))
			.isEqualTo("83739168b637d0e0a8cac7f7428ea1814496b78bb0b2335d0a9463b8f5826647");
	}

	@Test
	void aShortVector() {
		assertThat(Signatures.sign(SECRET, 1700000000L, "{\"eventId\":\"evt_1\"}"))
			.isEqualTo("9859dfc0cc3c4439ad2897aaf3a1fd1b7917c4094366101461e9ebf36368f7e0");
	}

	@Test
	void theTimestampTheSecretAndTheBodyEachChangeTheSignature() {
		String signature = Signatures.sign(SECRET, 1700000000L, "{}");

		assertThat(Signatures.sign(SECRET, 1700000001L, "{}")).isNotEqualTo(signature);
		assertThat(Signatures.sign(SECRET + "x", 1700000000L, "{}")).isNotEqualTo(signature);
		assertThat(Signatures.sign(SECRET, 1700000000L, "{ }")).isNotEqualTo(signature);
	}

}
