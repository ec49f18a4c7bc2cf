package dev.tccledger.ledger.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tccledger.ledger.channel.ChannelCallbacks.BadCallback.Verdict;

/**
 * The simulator's callback signature: lower-case hex HMAC-SHA256 with the merchant's
 * callback secret over {@code <X-Channel-Timestamp> + "." + <body bytes>}, the timestamp
 * in epoch seconds. A timestamp further than the tolerance from now, either way, is a
 * replay of a captured request, however well signed.
 */
public class SimulatorCallbacks implements ChannelCallbacks {

	private final byte[] secret;

	private final Duration tolerance;

	public SimulatorCallbacks(String callbackSecret, Duration tolerance) {
		this.secret = callbackSecret.getBytes(StandardCharsets.UTF_8);
		this.tolerance = tolerance;
	}

	@Override
	public String channel() {
		return SimulatorChannel.NAME;
	}

	@Override
	public ChannelNotification verify(String timestamp, String signature, byte[] body, Instant now) throws BadCallback {
		if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
			throw new BadCallback(Verdict.BAD_SIGNATURE, "no signature or timestamp");
		}
		byte[] expected = sign(timestamp, body);
		byte[] given;
		try {
			given = HexFormat.of().parseHex(signature);
		}
		catch (IllegalArgumentException notHex) {
			throw new BadCallback(Verdict.BAD_SIGNATURE, "the signature is not hex");
		}
		if (!MessageDigest.isEqual(expected, given)) {
			throw new BadCallback(Verdict.BAD_SIGNATURE, "the signature does not match the body");
		}
		Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
		if (Duration.between(signedAt, now).abs().compareTo(this.tolerance) > 0) {
			throw new BadCallback(Verdict.STALE, "signed at " + signedAt + ", outside " + this.tolerance + " of now");
		}
		try {
			JsonNode event = SimulatorChannel.JSON.readTree(body);
			String eventId = SimulatorChannel.text(event, "eventId");
			ChannelAnswer answer = new ChannelAnswer(ChannelOperation.valueOf(event.path("type").asText()),
					SimulatorChannel.text(event, "channelTxId"), SimulatorChannel.text(event, "reference"),
					event.path("amount").asLong(), SimulatorChannel.text(event, "currency"),
					ChannelStatus.valueOf(event.path("status").asText()), SimulatorChannel.text(event, "reason"),
					SimulatorChannel.instant(event, "occurredAt"));
			if (eventId == null || answer.reference() == null || !event.path("amount").isIntegralNumber()) {
				throw new BadCallback(Verdict.MALFORMED, "eventId, reference or amount missing");
			}
			return new ChannelNotification(channel(), eventId, answer);
		}
		catch (java.io.IOException | RuntimeException unreadable) {
			throw new BadCallback(Verdict.MALFORMED, "unreadable body: " + unreadable.getMessage());
		}
	}

	/** The signature of a body as the simulator computes it. */
	public byte[] sign(String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
			mac.update((byte) '.');
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
