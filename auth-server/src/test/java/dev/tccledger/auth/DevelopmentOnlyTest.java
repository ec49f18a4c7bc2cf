package dev.tccledger.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevelopmentOnlyTest {

	@ParameterizedTest(name = "dev-clients={0}, profiles=[{1}]: starts")
	@CsvSource(delimiter = '|',
			value = { "  |  ", "  | default", "true |  ", "true | prod", "true | prod,mysql", "TRUE | default" })
	void starts(String devClients, String profiles) {
		assertThatCode(() -> DevelopmentOnly.check(environment(devClients, profiles))).doesNotThrowAnyException();
	}

	@ParameterizedTest(name = "dev-clients={0}, profiles=[{1}]: refuses")
	@CsvSource(delimiter = '|',
			value = { "  | prod", "  | default,prod", "  | mysql", "false |  ", "false | default", "false | prod" })
	void refuses(String devClients, String profiles) {
		assertThatThrownBy(() -> DevelopmentOnly.check(environment(devClients, profiles)))
			.isInstanceOf(DevelopmentOnly.Refused.class)
			.hasMessageContaining("auth.dev-clients");
	}

	private static MockEnvironment environment(String devClients, String profiles) {
		MockEnvironment environment = new MockEnvironment();
		if (devClients != null) {
			environment.setProperty("auth.dev-clients", devClients);
		}
		if (profiles != null) {
			environment.setActiveProfiles(profiles.split(","));
		}
		return environment;
	}

}
