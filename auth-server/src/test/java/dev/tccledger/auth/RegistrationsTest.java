package dev.tccledger.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationsTest {

	private final Registrations registrations = new Registrations(new MockEnvironment());

	@Test
	void aPlainTextClientSecretStopsTheStart() {
		AuthProperties properties = properties(
				Map.of("ops", new AuthProperties.Client("ops-secret", List.of("ops:faults"))), Map.of());

		assertThatThrownBy(() -> this.registrations.registeredClientRepository(properties))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("auth.clients.ops")
			.hasMessageNotContaining("ops-secret");
	}

	@Test
	void aPlainTextPasswordStopsTheStart() {
		AuthProperties properties = properties(Map.of(),
				Map.of("finance", new AuthProperties.User("{noop}finance", List.of("finance:read"))));

		assertThatThrownBy(() -> this.registrations.userDetailsService(properties))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("auth.users.finance");
	}

	private static AuthProperties properties(Map<String, AuthProperties.Client> clients,
			Map<String, AuthProperties.User> users) {
		return new AuthProperties("http://127.0.0.1:9000", null, List.of("ledger-service"), Duration.ofMinutes(5), null,
				clients,
				new AuthProperties.Console("finance-console", "http://127.0.0.1:1/cb", List.of("finance:read")), users);
	}

}
