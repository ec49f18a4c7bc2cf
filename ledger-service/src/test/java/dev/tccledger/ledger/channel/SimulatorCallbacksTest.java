package dev.tccledger.ledger.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.channel.ChannelCallbacks.BadCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's callback signature, against a vector computed by hand with
 * {@code printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac sim-ledger-callback-secret}.
 */
class SimulatorCallbacksTest {

	static final String TS = "1764093600";

	static final String BODY = "{\"eventId\":\"evt_1\",\"type\":\"PAYMENT\",\"channelTxId\":\"pay_1\",\"reference\":\"r-1\","
			+ "\"amount\":5000,\"currency\":\"CNY\",\"status\":\"SUCCEEDED\",\"reason\":null,"
			+ "\"occurredAt\":\"2025-11-25T18:00:00Z\"}";

	static final String SIGNATURE = "f33f415f28c639cfc4bac0fb90d490756934b6b7840e87dd5ff20defe2382ad9";

	static final Instant SIGNED_AT = Instant.ofEpochSecond(1764093600);

	final SimulatorCallbacks callbacks = new SimulatorCallbacks("sim-ledger-callback-secret", Duration.ofMinutes(5));

	@Test
	void aCallbackSignedAsTheChannelSignsIsReadWhole() throws BadCallback {
		ChannelNotification n = this.callbacks.verify(TS, SIGNATURE, bytes(BODY), SIGNED_AT.plusSeconds(299));
		assertThat(n.eventId()).isEqualTo("evt_1");
		assertThat(n.answer()).isEqualTo(new ChannelAnswer(ChannelOperation.PAYMENT, "pay_1", "r-1", 5000, "CNY",
				ChannelStatus.SUCCEEDED, null, Instant.parse("2025-11-25T18:00:00Z")));
	}

	@Test
	void noTamperedWrongOrMissingSignatureIsBelieved() {
		assertVerdict(null, SIGNATURE, BODY, BadCallback.Verdict.BAD_SIGNATURE);
		assertVerdict(TS, null, BODY, BadCallback.Verdict.BAD_SIGNATURE);
		assertVerdict(TS, "zz", BODY, BadCallback.Verdict.BAD_SIGNATURE);
		assertVerdict(TS, SIGNATURE, BODY.replace("5000", "50000"), BadCallback.Verdict.BAD_SIGNATURE);
		assertVerdict("1764093601", SIGNATURE, BODY, BadCallback.Verdict.BAD_SIGNATURE);
		BadCallback wrongSecret = catchBad(new SimulatorCallbacks("another-secret", Duration.ofMinutes(5)), TS,
				SIGNATURE, BODY, SIGNED_AT);
		assertThat(wrongSecret.verdict()).isEqualTo(BadCallback.Verdict.BAD_SIGNATURE);
	}

	@Test
	void aWellSignedCallbackOutsideTheToleranceIsAReplay() {
		assertThat(catchBad(this.callbacks, TS, SIGNATURE, BODY, SIGNED_AT.plusSeconds(301)).verdict())
			.isEqualTo(BadCallback.Verdict.STALE);
		assertThat(catchBad(this.callbacks, TS, SIGNATURE, BODY, SIGNED_AT.minusSeconds(301)).verdict())
			.isEqualTo(BadCallback.Verdict.STALE);
	}

	@Test
	void aSignedBodyTheLedgerCannotReadIsMalformed() {
		String body = "{\"eventId\":\"evt_2\"}";
		String signature = java.util.HexFormat.of().formatHex(this.callbacks.sign(TS, bytes(body)));
		assertVerdict(TS, signature, body, BadCallback.Verdict.MALFORMED);
	}

	void assertVerdict(String ts, String signature, String body, BadCallback.Verdict verdict) {
		assertThat(catchBad(this.callbacks, ts, signature, body, SIGNED_AT).verdict()).isEqualTo(verdict);
	}

	static BadCallback catchBad(SimulatorCallbacks callbacks, String ts, String signature, String body, Instant now) {
		try {
			callbacks.verify(ts, signature, bytes(body), now);
		}
		catch (BadCallback bad) {
			return bad;
		}
		throw new AssertionError("the callback was believed");
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
