package dev.tccledger.tc.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the credential a TM or RM shows when it registers: the extraData line
 * {@code tcc-auth=<applicationId>:<epochMillis>:<nonce>:<signature>}, the signature being
 * base64 HMAC-SHA256 over {@code applicationId:transactionServiceGroup:epochMillis:nonce}
 * with the application's secret (tcc-support's TcCredential makes it). A credential is
 * good for {@link #WINDOW} either side of the TC's clock, and once: a nonce seen inside the
 * window is refused, so a registration copied off the wire cannot be sent again.
 */
final class ClientCredentials {

	static final String KEY = "tcc-auth";

	static final Duration WINDOW = Duration.ofMinutes(5);

	/** Shorter secrets are refused at start: an HMAC key is only as strong as its secret. */
	static final int MIN_SECRET_LENGTH = 16;

	private final Map<String, String> secrets;

	private final boolean developmentSecrets;

	private final Clock clock;

	private final Map<String, Long> seenNonces = new ConcurrentHashMap<>();

	private ClientCredentials(Map<String, String> secrets, boolean developmentSecrets, Clock clock) {
		this.secrets = secrets;
		this.developmentSecrets = developmentSecrets;
		this.clock = clock;
	}

	/**
	 * {@code app=secret,app=secret}; with none, and only when {@code developmentSecrets}
	 * says so (tc.sh's embedded default), every application's secret is
	 * {@code dev-<application-id>-secret}.
	 */
	static ClientCredentials of(String configured, boolean developmentSecrets, Clock clock) {
		Map<String, String> secrets = parse(configured);
		if (secrets.isEmpty() && !developmentSecrets) {
			throw new IllegalStateException("no client secrets: set TC_CLIENT_SECRETS (application-id=secret,...)");
		}
		return new ClientCredentials(Collections.unmodifiableMap(secrets), secrets.isEmpty(), clock);
	}

	private static Map<String, String> parse(String configured) {
		Map<String, String> secrets = new LinkedHashMap<>();
		if (configured == null || configured.isBlank()) {
			return secrets;
		}
		for (String entry : configured.split(",")) {
			int eq = entry.indexOf('=');
			String application = (eq < 0) ? entry.trim() : entry.substring(0, eq).trim();
			String secret = (eq < 0) ? "" : entry.substring(eq + 1).trim();
			if (application.isEmpty() || application.contains(":")) {
				throw new IllegalStateException("TC_CLIENT_SECRETS: an entry has no application id, or one with ':'"
						+ " (expected application-id=secret,...)");
			}
			if (secret.length() < MIN_SECRET_LENGTH) {
				throw new IllegalStateException("TC_CLIENT_SECRETS: the secret of " + application + " is shorter than "
						+ MIN_SECRET_LENGTH + " characters");
			}
			if (secrets.put(application, secret) != null) {
				throw new IllegalStateException("TC_CLIENT_SECRETS: " + application + " is given twice");
			}
		}
		return secrets;
	}

	boolean developmentSecrets() {
		return this.developmentSecrets;
	}

	List<String> applications() {
		return new ArrayList<>(this.secrets.keySet());
	}

	/**
	 * Why this registration is refused, or null when its credential is good. The reason
	 * never carries a secret.
	 */
	String refusal(String applicationId, String transactionServiceGroup, String extraData) {
		String credential = null;
		if (extraData != null) {
			for (String line : extraData.split("\n")) {
				if (line.startsWith(KEY + "=")) {
					if (credential != null) {
						return "more than one " + KEY + " line";
					}
					credential = line.substring(KEY.length() + 1);
				}
			}
		}
		if (credential == null) {
			return "no " + KEY + " credential";
		}
		String[] parts = credential.split(":", -1);
		if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
			return "a malformed " + KEY + " credential";
		}
		if (!parts[0].equals(applicationId)) {
			return "a credential of another application (" + parts[0] + ")";
		}
		String secret = secret(applicationId);
		if (secret == null) {
			return "an application the TC has no secret for";
		}
		long at;
		try {
			at = Long.parseLong(parts[1]);
		}
		catch (NumberFormatException ex) {
			return "a malformed " + KEY + " timestamp";
		}
		long now = this.clock.millis();
		if (Math.abs(now - at) > WINDOW.toMillis()) {
			return "a credential from " + Duration.ofMillis(now - at).toSeconds()
					+ " s ago, outside the window of 5 minutes either way (clocks out of step?)";
		}
		byte[] expected = hmac(secret, applicationId + ":" + transactionServiceGroup + ":" + parts[1] + ":" + parts[2]);
		byte[] given;
		try {
			given = Base64.getDecoder().decode(parts[3]);
		}
		catch (IllegalArgumentException ex) {
			return "a malformed " + KEY + " signature";
		}
		if (!MessageDigest.isEqual(expected, given)) {
			return "a wrong signature (another secret, or another transaction group)";
		}
		forgetOldNonces(now);
		if (this.seenNonces.putIfAbsent(applicationId + ":" + parts[2], at) != null) {
			return "a credential already used";
		}
		return null;
	}

	private String secret(String applicationId) {
		if (this.developmentSecrets) {
			return "dev-" + applicationId + "-secret";
		}
		return this.secrets.get(applicationId);
	}

	private void forgetOldNonces(long now) {
		// registrations are a few per client and minute: a scan is cheaper than a timer
		this.seenNonces.values().removeIf((at) -> Math.abs(now - at) > WINDOW.toMillis());
	}

	private static byte[] hmac(String secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
