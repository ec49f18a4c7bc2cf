package dev.tccledger.ledger.channel;

import java.time.Duration;

import dev.tccledger.support.security.EmbeddedDefaults;
import dev.tccledger.support.security.MissingSecuritySettingException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The channel {@code sim}: its HTTP client and its callback signature. The merchant key
 * and the callback secret have development values only in the embedded default (the
 * simulator's published development merchant {@code ledger}); under any other profile the
 * ledger refuses to start without them.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

	static final String PREFIX = "ledger.channels.sim.";

	static final String MERCHANT_KEY = PREFIX + "merchant-key";

	static final String CALLBACK_SECRET = PREFIX + "callback-secret";

	/**
	 * Tests that stand a fake channel in for the simulator set {@code client=fake}; the
	 * callback door stays real.
	 */
	@Bean
	@ConditionalOnProperty(name = PREFIX + "client", havingValue = "http", matchIfMissing = true)
	SimulatorChannel simulatorChannel(Environment environment) {
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8081"));
		return new SimulatorChannel(environment.getProperty(PREFIX + "base-url", "http://127.0.0.1:8083"),
				secret(environment, MERCHANT_KEY, "sim-ledger-key", "The channel sim's merchant API key"),
				environment.getProperty(PREFIX + "notify-base-url", "http://127.0.0.1:" + port),
				Duration.ofMillis(environment.getProperty(PREFIX + "connect-timeout-ms", Long.class, 2000L)),
				Duration.ofMillis(environment.getProperty(PREFIX + "read-timeout-ms", Long.class, 5000L)),
				environment.getProperty("ledger.recharges.payment-expires-in-seconds", Long.class, 900L));
	}

	@Bean
	SimulatorCallbacks simulatorCallbacks(Environment environment) {
		return new SimulatorCallbacks(
				secret(environment, CALLBACK_SECRET, "sim-ledger-callback-secret",
						"The channel sim's callback signing secret"),
				Duration
					.ofMillis(environment.getProperty("ledger.channels.callback-tolerance-ms", Long.class, 300000L)));
	}

	static String secret(Environment environment, String property, String development, String what) {
		String value = environment.getProperty(property);
		if (value != null && !value.isBlank()) {
			return value;
		}
		if (EmbeddedDefaults.isEmbedded(environment)) {
			return development;
		}
		throw new MissingSecuritySettingException(environment, property, what, "a value from your channel's console");
	}

}
