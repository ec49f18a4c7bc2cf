package dev.tccledger.order.ledger;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tccledger.order.OrderApplication;
import dev.tccledger.support.security.EmbeddedDefaults;
import dev.tccledger.support.security.MissingSecuritySettingException;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client secret's development value exists in the embedded default only. */
class LedgerClientDefaultsTest {

	static final String SECRET = LedgerClientDefaults.CLIENT_SECRET;

	@Test
	void theEmbeddedDefaultHasTheDevelopmentSecret() {
		assertThat(processed(new MockEnvironment()).getProperty(SECRET)).isEqualTo("order-service-secret");
		MockEnvironment faults = new MockEnvironment();
		faults.setActiveProfiles("faults");
		assertThat(processed(faults).getProperty(SECRET)).isEqualTo("order-service-secret");
	}

	@Test
	void aGivenSecretWins() {
		MockEnvironment given = new MockEnvironment().withProperty(SECRET, "s3cret");
		assertThat(processed(given).getProperty(SECRET)).isEqualTo("s3cret");
		MockEnvironment mysql = new MockEnvironment().withProperty(SECRET, "s3cret");
		mysql.setActiveProfiles("mysql");
		assertThat(processed(mysql).getProperty(SECRET)).isEqualTo("s3cret");
	}

	@Test
	void anyOtherProfileWithoutASecretIsRefused() {
		MockEnvironment mysql = new MockEnvironment();
		mysql.setActiveProfiles("faults", "mysql");
		assertThatThrownBy(() -> processed(mysql)).isInstanceOf(MissingSecuritySettingException.class)
			.hasMessageContaining(SECRET)
			.hasMessageContaining("[faults, mysql]");
	}

	@Test
	void theServiceDoesNotStartWithoutIt() {
		SpringApplication app = new SpringApplication(OrderApplication.class);
		app.setAdditionalProfiles("mysql");
		app.setDefaultProperties(Map.of("seata.enabled", "false", "server.port", "0", EmbeddedDefaults.ISSUER_URI,
				"http://127.0.0.1:1"));
		assertThatThrownBy(app::run).isInstanceOfSatisfying(MissingSecuritySettingException.class,
				(missing) -> assertThat(missing.action())
					.contains("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_LEDGER_CLIENTSECRET"));
	}

	private static MockEnvironment processed(MockEnvironment environment) {
		new LedgerClientDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
