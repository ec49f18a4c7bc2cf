package dev.tccledger.order.payment;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.tccledger.order.SecuredOrderService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order records the subject of the token that placed it, shows it, and the log lines
 * of the request name it.
 */
class CallerRecordedTest extends SecuredOrderService {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theCallersSubjectIsRecordedShownAndLogged() throws Exception {
		String body = "{\"orderNo\":\"recorded-1\",\"payeeAccountId\":\"shop\",\"currency\":\"CNY\","
				+ "\"legs\":[{\"accountId\":\"alice\",\"amount\":100}]}";
		// no TC in this test: recorded, then failed as TC_UNAVAILABLE
		HttpResponse<String> placed = send("POST", "/api/v1/orders", issuer.token("shop-42", "orders:write"), body);
		assertThat(JSON.readTree(placed.body()).path("code").asText()).isEqualTo("TC_UNAVAILABLE");
		assertThat(
				this.jdbc.queryForObject("SELECT created_by FROM orders WHERE order_no = 'recorded-1'", String.class))
			.isEqualTo("shop-42");
		JsonNode read = JSON
			.readTree(send("GET", "/api/v1/orders/recorded-1", issuer.token("viewer-7", "orders:read"), null).body());
		assertThat(read.path("createdBy").asText()).isEqualTo("shop-42");
		assertThat(Files.readString(Path.of("target/secured-order-service.log"))).contains("subject=shop-42]");
	}

}
