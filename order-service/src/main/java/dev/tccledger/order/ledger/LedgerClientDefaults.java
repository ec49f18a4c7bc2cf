package dev.tccledger.order.ledger;

import java.util.Map;

import dev.tccledger.support.security.EmbeddedDefaults;
import dev.tccledger.support.security.MissingSecuritySettingException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * order-service's client secret for its ledger tokens follows the issuer's rule
 * ({@link EmbeddedDefaults}): the development secret exists only in the embedded default;
 * under any other profile it must come from the environment, or start-up stops saying so.
 */
public final class LedgerClientDefaults implements EnvironmentPostProcessor, Ordered {

	static final String CLIENT_SECRET = "spring.security.oauth2.client.registration.ledger.client-secret";

	static final String DEVELOPMENT_SECRET = "order-service-secret";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String secret = environment.getProperty(CLIENT_SECRET, "");
		if (!secret.isBlank()) {
			return;
		}
		if (!EmbeddedDefaults.isEmbedded(environment)) {
			throw new MissingSecuritySettingException(environment, CLIENT_SECRET,
					"order-service's client secret for its tokens to the ledger",
					"the secret the issuer holds for client order-service");
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("orderEmbeddedClientDefaults", Map.of(CLIENT_SECRET, DEVELOPMENT_SECRET)));
	}

	@Override
	public int getOrder() {
		// after the config data (application.yml, profiles) is loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

}
