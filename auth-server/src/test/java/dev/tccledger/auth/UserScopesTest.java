package dev.tccledger.auth;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserScopesTest {

	private final UserScopes users = new UserScopes(Map.of("finance", Set.of("finance:read", "ledger:accounts"),
			"operator", Set.of("finance:read", "finance:operate", "ledger:accounts")));

	@Test
	void aRequestIsCutToWhatTheUserHolds() {
		Set<String> everything = Set.of("openid", "finance:read", "finance:operate", "ledger:accounts");

		assertThat(this.users.narrow("finance", everything)).containsExactlyInAnyOrder("openid", "finance:read",
				"ledger:accounts");
		assertThat(this.users.narrow("operator", everything)).isEqualTo(everything);
		assertThat(this.users.narrow("stranger", everything)).containsExactly("openid");
	}

	@Test
	void aTokenBeyondTheUsersGrantsIsRefused() {
		assertThatCode(() -> this.users.requireGranted("operator", Set.of("finance:operate")))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> this.users.requireGranted("finance", Set.of("finance:read", "finance:operate")))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class,
					(refused) -> assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_scope"));
	}

}
