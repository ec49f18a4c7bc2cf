package dev.tccledger.support.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kit in a running web application: the door's answers as a client sees them. */
@SpringBootTest(classes = ResourceServerKitTest.KitApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "seata.enabled=false", "spring.application.name=ledger-service",
				"management.endpoints.web.exposure.include=health,prometheus" })
class ResourceServerKitTest {

	static final TestIssuer issuer = new TestIssuer();

	static final ObjectMapper JSON = new ObjectMapper();

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add(EmbeddedDefaults.ISSUER_URI, issuer::uri);
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void noTokenIs401ProblemWithAChallenge() throws Exception {
		HttpResponse<String> answer = send("GET", "/things/mine", null);
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((v) -> assertThat(v).startsWith("Bearer"));
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.path("code").asText()).isEqualTo("UNAUTHENTICATED");
		assertThat(body.path("status").asInt()).isEqualTo(401);
	}

	@Test
	void aBadTokenIs401WithInvalidToken() throws Exception {
		HttpResponse<String> answer = send("GET", "/things/mine",
				issuer.mint("demo-shop", "things:read").expired().sign());
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
		assertThat(JSON.readTree(answer.body()).path("code").asText()).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void theWrongScopeIs403ProblemNamingTheScopeNeeded() throws Exception {
		HttpResponse<String> answer = send("GET", "/things/mine", issuer.token("demo-shop", "orders:read"));
		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.path("code").asText()).isEqualTo("FORBIDDEN");
		assertThat(body.path("detail").asText()).contains("things:read");
	}

	@Test
	void theRightScopeReachesTheControllerAsTheTokensSubject() throws Exception {
		HttpResponse<String> answer = send("GET", "/things/mine", issuer.token("demo-shop", "things:read"));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("demo-shop");
	}

	@Test
	void anEndpointTheTableDoesNotNameIsClosedEvenToAValidToken() throws Exception {
		assertThat(send("POST", "/things/unlisted", issuer.token("demo-shop", "things:read")).statusCode())
			.isEqualTo(403);
		assertThat(send("POST", "/things/unlisted", null).statusCode()).isEqualTo(401);
	}

	@Test
	void healthIsOpenAndMetricsNeedTheirScope() throws Exception {
		assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/actuator/prometheus", issuer.token("demo-shop", "things:read")).statusCode())
			.isEqualTo(403);
		// past the door (this test application has no Prometheus registry, so it is not
		// found)
		assertThat(send("GET", "/actuator/prometheus", issuer.token("prometheus", "ops:metrics")).statusCode())
			.isEqualTo(404);
		assertThat(this.meters.find(Refusals.METRIC).tag("code", "FORBIDDEN").counter().count()).isPositive();
	}

	@Test
	void aRealProfileWithoutAnIssuerDoesNotStart() {
		SpringApplication app = new SpringApplication(KitApp.class);
		app.setWebApplicationType(WebApplicationType.SERVLET);
		app.setAdditionalProfiles("mysql");
		app.setDefaultProperties(Map.of("seata.enabled", "false", "server.port", "0"));
		assertThatThrownBy(app::run).hasRootCauseInstanceOf(MissingSecuritySettingException.class)
			.rootCause()
			.hasMessageContaining(EmbeddedDefaults.ISSUER_URI)
			.hasMessageContaining("[mysql]");
	}

	private HttpResponse<String> send(String method, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
	@RestController
	static class KitApp {

		@Bean
		EndpointScopes thingScopes() {
			return EndpointScopes.builder().require(HttpMethod.GET, "/things/mine", "things:read").build();
		}

		@GetMapping("/things/mine")
		String mine() {
			return Caller.subject();
		}

		@PostMapping("/things/unlisted")
		String unlisted() {
			return "should never be reached";
		}

	}

}
