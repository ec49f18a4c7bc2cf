package dev.tccledger.channel;

import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MerchantsTest {

	@Test
	void withoutConfigurationAndWithoutAProfileTheDevelopmentMerchantApplies() {
		Merchants merchants = new Merchants(properties(null, null), new MockEnvironment());

		assertThat(merchants.byKey("sim-ledger-key")).contains("ledger");
		assertThat(merchants.callbackSecret("ledger")).isEqualTo("sim-ledger-callback-secret");
	}

	@Test
	void withAProfileTheDevelopmentMerchantIsRefused() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("prod");

		assertThatExceptionOfType(Merchants.Refused.class)
			.isThrownBy(() -> new Merchants(properties(null, null), environment))
			.withMessageContaining("[prod]");
	}

	@Test
	void configuredMerchantsReplaceTheDevelopmentOne() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("prod");
		Merchants merchants = new Merchants(properties("ledger=k1, shop=k2", "ledger=s1,shop=s2"), environment);

		assertThat(merchants.byKey("k2")).contains("shop");
		assertThat(merchants.byKey("sim-ledger-key")).isEmpty();
		assertThat(merchants.byKey("k")).isEmpty();
		assertThat(merchants.callbackSecret("ledger")).isEqualTo("s1");
	}

	@Test
	void aMerchantWithoutACallbackSecretIsRefused() {
		assertThatExceptionOfType(Merchants.Refused.class)
			.isThrownBy(() -> new Merchants(properties("ledger=k1,shop=k2", "ledger=s1"), new MockEnvironment()))
			.withMessageContaining("shop");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ledger", "=k1", "ledger=", "ledger=k1,ledger=k2" })
	void malformedPairsAreRefused(String keys) {
		assertThatExceptionOfType(Merchants.Refused.class)
			.isThrownBy(() -> new Merchants(properties(keys, "ledger=s1"), new MockEnvironment()));
	}

	private static ChannelProperties properties(String keys, String secrets) {
		return new ChannelProperties(keys, secrets, 1000, 500, 500, 900, 10_000, 100, 1000, 60_000, 5000,
				ZoneOffset.UTC);
	}

}
