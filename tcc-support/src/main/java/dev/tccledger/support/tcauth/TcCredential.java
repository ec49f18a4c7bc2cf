package dev.tccledger.support.tcauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential a service shows the TC when it registers as a TM or RM: one line
 * {@code tcc-auth=<applicationId>:<epochMillis>:<nonce>:<signature>} in the
 * registration's extraData, the signature being base64 HMAC-SHA256 over
 * {@code applicationId:transactionServiceGroup:epochMillis:nonce} with the application's
 * secret. The TC side (seata-server-config) verifies the same format; both sides' tests
 * hold the same vector.
 */
public final class TcCredential {

	/** The extraData key; Seata's own extraData is {@code key=value} lines. */
	public static final String KEY = "tcc-auth";

	private static final SecureRandom RANDOM = new SecureRandom();

	private TcCredential() {
	}

	/** The embedded default's secret of an application, the TC's built-in one too. */
	public static String developmentSecret(String applicationId) {
		return "dev-" + applicationId + "-secret";
	}

	/** A fresh credential: now, with a random nonce. */
	public static String create(String applicationId, String transactionServiceGroup, String secret) {
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(nonce);
		return create(applicationId, transactionServiceGroup, secret, System.currentTimeMillis(),
				Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
	}

	static String create(String applicationId, String transactionServiceGroup, String secret, long epochMillis,
			String nonce) {
		String signed = applicationId + ":" + transactionServiceGroup + ":" + epochMillis + ":" + nonce;
		return applicationId + ":" + epochMillis + ":" + nonce + ":" + hmac(secret, signed);
	}

	/**
	 * extraData with this credential as its only {@code tcc-auth} line: Seata reuses an
	 * RM's registration message on every reconnect, so an earlier line is replaced, and
	 * Seata's own lines (a TM's ak, digest, timestamp) stay as they are.
	 */
	public static String withCredential(String extraData, String credential) {
		String kept = (extraData == null) ? ""
				: Stream.of(extraData.split("\n"))
					.filter((line) -> !line.isEmpty() && !line.startsWith(KEY + "="))
					.map((line) -> line + "\n")
					.collect(Collectors.joining());
		return kept + KEY + "=" + credential + "\n";
	}

	private static String hmac(String secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
