package dev.tccledger.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The development issuer: OAuth 2 tokens for the embedded one-command run and the tests.
 * Its clients and users are fixed development identities, so it refuses to start anywhere
 * else ({@link DevelopmentOnly}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthServerApplication.class, args);
	}

}
