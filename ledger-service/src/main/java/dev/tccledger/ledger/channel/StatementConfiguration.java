package dev.tccledger.ledger.channel;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The channel {@code sim}'s statement, read with the same base URL and merchant key as
 * its payment API. Tests that stand a fake statement in set
 * {@code ledger.channels.sim.statements=fake}.
 */
@Configuration(proxyBeanMethods = false)
class StatementConfiguration {

	@Bean
	@ConditionalOnProperty(name = ChannelConfiguration.PREFIX + "statements", havingValue = "http",
			matchIfMissing = true)
	SimulatorStatements simulatorStatements(Environment environment) {
		String prefix = ChannelConfiguration.PREFIX;
		return new SimulatorStatements(environment.getProperty(prefix + "base-url", "http://127.0.0.1:8083"),
				ChannelConfiguration.secret(environment, ChannelConfiguration.MERCHANT_KEY, "sim-ledger-key",
						"The channel sim's merchant API key"),
				Duration.ofMillis(environment.getProperty(prefix + "connect-timeout-ms", Long.class, 2000L)),
				// a statement is a whole day: it may take longer to produce than one
				// answer
				Duration.ofMillis(environment.getProperty(prefix + "statement-timeout-ms", Long.class, 30000L)));
	}

}
