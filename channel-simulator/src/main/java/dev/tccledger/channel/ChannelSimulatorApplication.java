package dev.tccledger.channel;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The outside payment channel as a process of its own: payments (recharges), payouts and
 * refunds answered at once as {@code PROCESSING}, settled later, told by signed callbacks
 * that are redelivered until answered, and queryable at any time. Also the SMS gateway.
 * It behaves as tests and demos ask ({@code PUT /sim/v1/behaviour}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ChannelSimulatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChannelSimulatorApplication.class, args);
	}

	/**
	 * Milliseconds: what the store keeps, so a create's answer and a later query agree.
	 */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
	}

}
