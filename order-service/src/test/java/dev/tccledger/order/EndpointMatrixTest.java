package dev.tccledger.order;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.security.EndpointScopes;
import dev.tccledger.support.security.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every endpoint order-service maps (its controllers, the fault endpoint of the faults
 * profile, the exposed actuator endpoints) against every kind of token: only a right
 * token with a scope the endpoint's row names gets past the door, and a refused request
 * changes nothing. An endpoint without a row fails here.
 */
class EndpointMatrixTest extends SecuredOrderService {

	static final ObjectMapper JSON = new ObjectMapper();

	/** Not an API: the container's error page, reached by an error dispatch only. */
	static final Set<String> NOT_ENDPOINTS = Set.of("/error");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	WebEndpointsSupplier actuator;

	@Autowired
	EndpointScopes orderEndpointScopes;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	FaultPoints faults;

	@Autowired
	ApplicationContext context;

	record Endpoint(HttpMethod method, String pattern) {

		String path() {
			return this.pattern.replace("{orderNo}", "matrix-order")
				.replace("{point}", "ORDER_AFTER_LEDGER_TRY")
				.replace("{id}", "ntf-matrix")
				.replace("{*path}", "db")
				.replace("{requiredMetricName}", "jvm.threads.live");
		}

		String body(String caseName) {
			if (this.method == HttpMethod.POST && this.pattern.equals("/api/v1/orders")) {
				return "{\"orderNo\":\"matrix-" + caseName.toLowerCase().replace('_', '-')
						+ "\",\"payeeAccountId\":\"shop\",\"currency\":\"CNY\","
						+ "\"legs\":[{\"accountId\":\"alice\",\"amount\":100}]}";
			}
			if (this.method == HttpMethod.PUT) {
				return "{\"action\":\"FAIL\",\"times\":1}";
			}
			return (this.method == HttpMethod.POST) ? "{}" : null;
		}

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

	enum Case {

		NO_TOKEN, EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, WRONG_KEY, ALG_NONE, TAMPERED, WRONG_SCOPE,
		RIGHT_SCOPE;

		String token(TestIssuer issuer, Set<String> scopes) {
			String[] right = scopes.toArray(String[]::new);
			return switch (this) {
				case NO_TOKEN -> null;
				case EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, WRONG_KEY, ALG_NONE, TAMPERED ->
					TestIssuer.Defect.valueOf(name()).token(issuer, "matrix", right);
				case WRONG_SCOPE -> issuer.token("matrix", "inventory:read");
				case RIGHT_SCOPE -> issuer.token("matrix", right);
			};
		}

	}

	/** What order-service maps: handler methods and exposed actuator operations. */
	List<Endpoint> endpoints() {
		Set<Endpoint> all = new TreeSet<>(Comparator.comparing(Endpoint::toString));
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<String> patterns = info.getPatternValues();
			var methods = info.getMethodsCondition().getMethods();
			for (String pattern : patterns) {
				if (NOT_ENDPOINTS.contains(pattern)) {
					continue;
				}
				if (methods.isEmpty()) {
					fail("%s is mapped for every HTTP method: name its methods", pattern);
				}
				methods.forEach((m) -> all.add(new Endpoint(HttpMethod.valueOf(m.name()), pattern)));
			}
		}
		this.actuator.getEndpoints()
			.forEach((endpoint) -> endpoint.getOperations()
				.forEach((operation) -> all
					.add(new Endpoint(HttpMethod.valueOf(operation.getRequestPredicate().getHttpMethod().name()),
							"/actuator/" + operation.getRequestPredicate().getPath()))));
		return new ArrayList<>(all);
	}

	@Test
	void theMatrixCoversWhatTheContractNames() {
		assertThat(endpoints()).extracting(Endpoint::toString)
			.contains("POST /api/v1/orders", "GET /api/v1/orders/{orderNo}", "POST /api/v1/orders/{orderNo}/refunds",
					"POST /api/v1/recovery/sweeps", "GET /api/v1/notifications",
					"POST /api/v1/notifications/{id}/retry", "PUT /api/v1/faults/{point}", "GET /api/v1/faults",
					"DELETE /api/v1/faults", "GET /api/v1/faults/fired", "GET /actuator/health",
					"GET /actuator/prometheus", "GET /actuator/metrics")
			.doesNotContain("GET /actuator/info", "GET /actuator");
	}

	@TestFactory
	Stream<DynamicTest> everyEndpointAgainstEveryKindOfToken() {
		EndpointScopes table = EndpointScopes.platform().then(this.orderEndpointScopes);
		List<DynamicTest> tests = new ArrayList<>();
		for (Endpoint endpoint : endpoints()) {
			EndpointScopes.Entry row = table.find(endpoint.method(), endpoint.path())
				.orElseThrow(() -> new AssertionError(endpoint + " has no row in the scope table"));
			if (row.open()) {
				tests.add(DynamicTest.dynamicTest(endpoint + " is open",
						() -> assertThat(send(endpoint, null, "OPEN").statusCode()).isNotIn(401, 403)));
				continue;
			}
			for (Case kind : Case.values()) {
				tests.add(DynamicTest.dynamicTest(endpoint + " " + kind, () -> check(endpoint, row, kind)));
			}
		}
		return tests.stream();
	}

	@Test
	void oneFilterChainAndNoLogin() throws Exception {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).hasSize(1);
		for (String path : List.of("/login", "/oauth2/authorization/ledger", "/login/oauth2/code/ledger")) {
			HttpResponse<String> answer = send("GET", path, null, null);
			assertThat(answer.statusCode()).as(path).isEqualTo(401);
			assertThat(answer.headers().firstValue("Location")).as(path).isEmpty();
		}
	}

	private void check(Endpoint endpoint, EndpointScopes.Entry row, Case kind) throws Exception {
		String token = kind.token(issuer, row.anyOf());
		String before = state();
		HttpResponse<String> answer = send(endpoint, token, kind.name());
		if (kind == Case.RIGHT_SCOPE) {
			// past the door; the request may still fail on its merits (no TC here)
			assertThat(answer.statusCode()).as(answer.body()).isNotIn(401, 403);
			return;
		}
		int expected = (kind == Case.WRONG_SCOPE) ? 403 : 401;
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("code").asText()).isEqualTo((expected == 401) ? "UNAUTHENTICATED" : "FORBIDDEN");
		String challenge = answer.headers().firstValue("WWW-Authenticate").orElseThrow();
		assertThat(challenge).startsWith("Bearer");
		if (expected == 401 && token != null) {
			assertThat(challenge).contains("invalid_token");
		}
		if (expected == 403) {
			assertThat(challenge).contains("insufficient_scope");
		}
		assertThat(state()).as("refused requests change nothing").isEqualTo(before);
	}

	private HttpResponse<String> send(Endpoint endpoint, String token, String caseName) throws Exception {
		return send(endpoint.method().name(), endpoint.path(), token, endpoint.body(caseName));
	}

	/** Every row order-service keeps, and the armed fault points. */
	private String state() {
		return this.jdbc.queryForList("SELECT * FROM orders ORDER BY order_no")
				+ this.jdbc.queryForList("SELECT * FROM order_leg ORDER BY order_no, leg_no").toString()
				+ this.jdbc.queryForList("SELECT * FROM refund ORDER BY refund_no")
				+ this.jdbc.queryForList("SELECT * FROM refund_leg ORDER BY refund_no, leg_no")
				+ this.jdbc.queryForList("SELECT * FROM sweep_lease ORDER BY name") + this.faults.list();
	}

}
