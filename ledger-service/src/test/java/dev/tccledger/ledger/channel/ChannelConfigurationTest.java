package dev.tccledger.ledger.channel;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.tccledger.support.security.MissingSecuritySettingException;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The channel's key and callback secret have development values in the embedded default
 * only: under a deployable profile the ledger does not start without them.
 */
class ChannelConfigurationTest {

	final ChannelConfiguration configuration = new ChannelConfiguration();

	@Test
	void theEmbeddedDefaultUsesTheSimulatorsDevelopmentMerchant() {
		MockEnvironment embedded = new MockEnvironment();
		assertThat(signature(this.configuration.simulatorCallbacks(embedded)))
			.isEqualTo(signature(new SimulatorCallbacks("sim-ledger-callback-secret", java.time.Duration.ZERO)));
		embedded.setActiveProfiles("faults");
		assertThat(this.configuration.simulatorChannel(embedded).name()).isEqualTo("sim");
	}

	@Test
	void aDeployableProfileRequiresTheKeyAndTheSecret() {
		MockEnvironment mysql = new MockEnvironment();
		mysql.setActiveProfiles("mysql");
		assertThatExceptionOfType(MissingSecuritySettingException.class)
			.isThrownBy(() -> this.configuration.simulatorCallbacks(mysql))
			.satisfies((missing) -> assertThat(missing.property()).isEqualTo("ledger.channels.sim.callback-secret"));
		assertThatExceptionOfType(MissingSecuritySettingException.class)
			.isThrownBy(() -> this.configuration.simulatorChannel(mysql))
			.satisfies((missing) -> assertThat(missing.property()).isEqualTo("ledger.channels.sim.merchant-key"));

		mysql.setProperty("ledger.channels.sim.callback-secret", "from-the-vault");
		mysql.setProperty("ledger.channels.sim.merchant-key", "key-from-the-vault");
		assertThat(signature(this.configuration.simulatorCallbacks(mysql)))
			.isEqualTo(signature(new SimulatorCallbacks("from-the-vault", java.time.Duration.ZERO)));
		assertThat(this.configuration.simulatorChannel(mysql).name()).isEqualTo("sim");
	}

	static String signature(SimulatorCallbacks callbacks) {
		return HexFormat.of().formatHex(callbacks.sign("1", "{}".getBytes(StandardCharsets.UTF_8)));
	}

}
