package dev.tccledger.order.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Request;
import feign.Response;
import org.junit.jupiter.api.Test;

import dev.tccledger.order.OrderError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins this service's copies of the ledger's DTOs to docs/http-api.md, and the decoding
 * of the ledger's problem+json into typed refusals.
 */
class LedgerContractTest {

	ObjectMapper json = new ObjectMapper();

	@Test
	void theTryRequestHasExactlyTheFieldsOfApiMdPlusTheOptionalCurrency() throws Exception {
		JsonNode body = this.json.valueToTree(new FreezeCommand("o-1", "alice", "shop", 2500, "CNY"));
		assertThat(body.fieldNames()).toIterable()
			.containsExactlyInAnyOrder("orderNo", "accountId", "payeeAccountId", "amount", "currency");
		assertThat(body.path("amount").isIntegralNumber()).isTrue();
	}

	@Test
	void theRefundTryIsSentInTheLedgersShape() {
		JsonNode body = this.json.valueToTree(new RefundCommand("o-1", "rf-1", "shop", "alice", 500, "CNY"));
		assertThat(body.fieldNames()).toIterable()
			.containsExactlyInAnyOrder("orderNo", "refundNo", "accountId", "payeeAccountId", "amount", "currency");
		assertThat(body.path("amount").isIntegralNumber()).isTrue();
	}

	@Test
	void theTryAnswerReadsTheLedgersShapeAndToleratesNewFields() throws Exception {
		FreezeAnswer answer = this.json.readValue(
				"{\"freezeId\":7,\"xid\":\"x:1\",\"branchId\":42,\"status\":\"TRIED\",\"later\":true}",
				FreezeAnswer.class);
		assertThat(answer).isEqualTo(new FreezeAnswer(7, "x:1", 42, "TRIED"));
	}

	@Test
	void problemsBecomeTypedRefusals() {
		assertThat(decode(422, "{\"code\":\"INSUFFICIENT_FUNDS\",\"detail\":\"no money\"}").error())
			.isEqualTo(OrderError.INSUFFICIENT_FUNDS);
		assertThat(decode(404, "{\"code\":\"ACCOUNT_NOT_FOUND\"}").error()).isEqualTo(OrderError.ACCOUNT_NOT_FOUND);
		assertThat(decode(409, "{\"code\":\"DUPLICATE_PAYMENT\"}").error()).isEqualTo(OrderError.DUPLICATE_PAYMENT);
		assertThat(decode(409, "{\"code\":\"BRANCH_ALREADY_CANCELLED\"}").error()).isEqualTo(OrderError.TIMEOUT);
		assertThat(decode(422, "{\"code\":\"SYSTEM_ACCOUNT\"}").error()).isEqualTo(OrderError.PAYMENT_REFUSED);
		assertThat(decode(503, "{\"code\":\"LEDGER_BUSY\"}").error()).isEqualTo(OrderError.LEDGER_UNAVAILABLE);
		assertThat(decode(502, "<html>bad gateway</html>").error()).isEqualTo(OrderError.LEDGER_UNAVAILABLE);
		assertThat(decode(422, "{\"code\":\"CURRENCY_MISMATCH\",\"detail\":\"d\"}").getMessage()).isEqualTo("d");
	}

	@Test
	void aReadTimeoutIsATimeoutAndARefusedConnectionIsUnavailable() {
		assertThat(LedgerRefusals.ioFailure(new RuntimeException(new java.net.SocketTimeoutException("Read timed out")))
			.error()).isEqualTo(OrderError.TIMEOUT);
		assertThat(LedgerRefusals.ioFailure(new RuntimeException(new java.net.ConnectException("Connection refused")))
			.error()).isEqualTo(OrderError.LEDGER_UNAVAILABLE);
	}

	private LedgerRefusal decode(int status, String body) {
		Request request = Request.create(Request.HttpMethod.POST, "http://ledger/api/v1/tcc/freezes",
				Map.<String, Collection<String>>of(), new byte[0], StandardCharsets.UTF_8, null);
		Response response = Response.builder()
			.status(status)
			.request(request)
			.headers(Map.of("Content-Type", List.of("application/problem+json")))
			.body(body, StandardCharsets.UTF_8)
			.build();
		return LedgerRefusals.decode(this.json, response);
	}

}
