package dev.tccledger.order;

import org.apache.ibatis.annotations.Mapper;
import org.mybatis.spring.annotation.MapperScan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.oauth2.client.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Orders paid through the ledger inside a Seata global transaction: this service begins
 * the transaction (TM) and is a TCC participant for the order's own state.
 * <p>
 * An OAuth 2 client only towards the ledger (client credentials): Spring Boot's servlet
 * OAuth 2 client security (an oauth2Login filter chain, a login page, an
 * authorized-client repository keyed by the HTTP session's user) is left out; it would
 * sit beside the resource server's chain wherever that one is not yet registered.
 */
@SpringBootApplication(exclude = OAuth2ClientWebSecurityAutoConfiguration.class)
@EnableScheduling
@EnableFeignClients
@MapperScan(basePackages = "dev.tccledger.order", annotationClass = Mapper.class)
public class OrderApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderApplication.class, args);
	}

}
