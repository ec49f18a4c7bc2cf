package dev.tccledger.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The merchants this provider serves: each calls with its API key and gets its callbacks
 * signed with its own secret. Without configuration and without an active profile the
 * development merchant {@value #DEV_MERCHANT} applies ({@value #DEV_KEY}, callbacks
 * signed with {@value #DEV_SECRET}); with a profile, both settings must be given or the
 * process refuses to start.
 */
@Component
public class Merchants {

	public static final String DEV_MERCHANT = "ledger";

	public static final String DEV_KEY = "sim-ledger-key";

	public static final String DEV_SECRET = "sim-ledger-callback-secret";

	private static final Logger log = LoggerFactory.getLogger(Merchants.class);

	private final Map<String, String> keys;

	private final Map<String, String> secrets;

	Merchants(ChannelProperties properties, Environment environment) {
		Map<String, String> keys = pairs("channel.merchant-keys", properties.merchantKeys());
		Map<String, String> secrets = pairs("channel.callback-secrets", properties.callbackSecrets());
		if (keys.isEmpty() && secrets.isEmpty()) {
			List<String> profiles = Arrays.stream(environment.getActiveProfiles())
				.filter((profile) -> !"default".equals(profile))
				.toList();
			if (!profiles.isEmpty()) {
				throw new Refused("profile(s) " + profiles + " active, but channel.merchant-keys and"
						+ " channel.callback-secrets are not set; the development merchant applies only without a profile");
			}
			log.warn("development merchant '{}' (API key and callback secret are the published development values)",
					DEV_MERCHANT);
			keys = Map.of(DEV_MERCHANT, DEV_KEY);
			secrets = Map.of(DEV_MERCHANT, DEV_SECRET);
		}
		for (String merchant : keys.keySet()) {
			if (!secrets.containsKey(merchant)) {
				throw new Refused("merchant '" + merchant + "' has an API key but no callback secret in"
						+ " channel.callback-secrets");
			}
		}
		this.keys = Map.copyOf(keys);
		this.secrets = Map.copyOf(secrets);
	}

	/** The merchant whose API key this is; compared in constant time. */
	public Optional<String> byKey(String key) {
		byte[] given = key.getBytes(StandardCharsets.UTF_8);
		String found = null;
		for (Map.Entry<String, String> merchant : this.keys.entrySet()) {
			if (MessageDigest.isEqual(given, merchant.getValue().getBytes(StandardCharsets.UTF_8))) {
				found = merchant.getKey();
			}
		}
		return Optional.ofNullable(found);
	}

	public String callbackSecret(String merchant) {
		String secret = this.secrets.get(merchant);
		if (secret == null) {
			throw new IllegalStateException("no callback secret for merchant " + merchant);
		}
		return secret;
	}

	/** {@code a=1,b=2} as a map; a malformed entry refuses the start. */
	static Map<String, String> pairs(String property, String value) {
		Map<String, String> pairs = new LinkedHashMap<>();
		if (!StringUtils.hasText(value)) {
			return pairs;
		}
		for (String entry : value.split(",")) {
			int equals = entry.indexOf('=');
			String name = (equals > 0) ? entry.substring(0, equals).trim() : "";
			String secret = (equals > 0) ? entry.substring(equals + 1).trim() : "";
			if (name.isEmpty() || secret.isEmpty() || pairs.put(name, secret) != null) {
				throw new Refused(property + " must be name=value pairs separated by commas, each name once");
			}
		}
		return pairs;
	}

	/** Why the simulator did not start; {@link MerchantsFailureAnalyzer} prints it. */
	static final class Refused extends IllegalStateException {

		Refused(String message) {
			super(message);
		}

	}

}
