package dev.tccledger.channel.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Channel-Signature}: lower-case hex HMAC-SHA256, keyed with the merchant's
 * callback secret, of {@code <X-Channel-Timestamp> + "." + <body as sent>}. Equal to
 * {@code printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret"}.
 */
public final class Signatures {

	public static final String SIGNATURE_HEADER = "X-Channel-Signature";

	public static final String TIMESTAMP_HEADER = "X-Channel-Timestamp";

	private Signatures() {
	}

	public static String sign(String secret, long epochSeconds, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
