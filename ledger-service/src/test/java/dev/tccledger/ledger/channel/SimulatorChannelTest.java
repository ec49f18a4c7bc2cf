package dev.tccledger.ledger.channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each way a call to the channel can go wrong is classified as, against a JDK HTTP
 * server standing in for the simulator: only a refused connection is NOT_SENT.
 */
class SimulatorChannelTest {

	static final String PAYMENT = "{\"channelTxId\":\"pay_1\",\"type\":\"PAYMENT\",\"reference\":\"r-1\",\"amount\":5000,"
			+ "\"currency\":\"CNY\",\"status\":\"PROCESSING\",\"reason\":null,\"destination\":null,"
			+ "\"paymentReference\":null,\"createdAt\":\"2025-11-25T18:00:00Z\",\"expiresAt\":\"2025-11-25T18:15:00Z\","
			+ "\"settledAt\":null,\"someFieldAddedLater\":1}";

	HttpServer server;

	/** What the server does with the next request. */
	final AtomicReference<Handler> next = new AtomicReference<>();

	final AtomicReference<String> lastRequest = new AtomicReference<>();

	interface Handler {

		void handle(HttpExchange exchange) throws IOException;

	}

	SimulatorChannel channel;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.lastRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization") + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.next.get().handle(exchange);
		});
		this.server.start();
		this.channel = channelAt("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	static SimulatorChannel channelAt(String base) {
		return new SimulatorChannel(base, "sim-ledger-key", "http://127.0.0.1:8081", Duration.ofMillis(500),
				Duration.ofMillis(1000), 900);
	}

	@Test
	void anAnswerIsReadAndTheRequestCarriesKeyReferenceAndNotifyUrl() throws ChannelCallFailure {
		this.next.set((exchange) -> answer(exchange, 200, PAYMENT));
		ChannelAnswer answer = this.channel.createPayment("r-1", 5000, "CNY");
		assertThat(answer).isEqualTo(new ChannelAnswer(ChannelOperation.PAYMENT, "pay_1", "r-1", 5000, "CNY",
				ChannelStatus.PROCESSING, null, null));
		assertThat(this.lastRequest.get()).startsWith("POST /sim/v1/payments Bearer sim-ledger-key ")
			.contains("\"reference\":\"r-1\"", "\"amount\":5000", "\"expiresInSeconds\":900",
					"\"notifyUrl\":\"http://127.0.0.1:8081/api/v1/channels/sim/notifications\"");
	}

	@Test
	void aRefusedConnectionIsNotSent() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		assertThat(failureOf(() -> channelAt("http://127.0.0.1:" + closed).createPayment("r-1", 5000, "CNY")).kind())
			.isEqualTo(ChannelCallFailure.Kind.NOT_SENT);
	}

	@Test
	void aReadTimeoutIsAnUnknownOutcome() {
		this.next.set((exchange) -> {
			sleep(2500);
			answer(exchange, 200, PAYMENT);
		});
		assertThat(failureOf(() -> this.channel.createPayment("r-1", 5000, "CNY")).kind())
			.isEqualTo(ChannelCallFailure.Kind.OUTCOME_UNKNOWN);
	}

	@Test
	void aConnectionClosedWithoutAnAnswerIsAnUnknownOutcome() {
		this.next.set(HttpExchange::close);
		assertThat(failureOf(() -> this.channel.createPayment("r-1", 5000, "CNY")).kind())
			.isEqualTo(ChannelCallFailure.Kind.OUTCOME_UNKNOWN);
	}

	@Test
	void aServerErrorIsAnUnknownOutcome() {
		this.next.set((exchange) -> answer(exchange, 503, "{\"code\":\"UNAVAILABLE\"}"));
		assertThat(failureOf(() -> this.channel.createPayment("r-1", 5000, "CNY")).kind())
			.isEqualTo(ChannelCallFailure.Kind.OUTCOME_UNKNOWN);
	}

	@Test
	void aProblemIsARefusalWithTheChannelsCode() {
		this.next.set((exchange) -> answer(exchange, 409, "{\"status\":409,\"code\":\"IDEMPOTENCY_CONFLICT\"}"));
		ChannelCallFailure refused = failureOf(() -> this.channel.createPayment("r-1", 5000, "CNY"));
		assertThat(refused.kind()).isEqualTo(ChannelCallFailure.Kind.REFUSED);
		assertThat(refused.channelCode()).isEqualTo("IDEMPOTENCY_CONFLICT");
	}

	@Test
	void aQueryTheChannelCannotAnswerIsEmptyAndAnAnswerIsRead() throws ChannelCallFailure {
		this.next.set((exchange) -> answer(exchange, 404, "{\"status\":404,\"code\":\"NOT_FOUND\"}"));
		assertThat(this.channel.query(ChannelOperation.PAYMENT, "r-1")).isEqualTo(Optional.empty());
		assertThat(this.lastRequest.get()).startsWith("GET /sim/v1/payments?reference=r-1 Bearer sim-ledger-key");
		this.next.set((exchange) -> answer(exchange, 200, PAYMENT.replace("PROCESSING", "SUCCEEDED")
			.replace("\"settledAt\":null", "\"settledAt\":\"2025-11-25T18:00:01Z\"")));
		assertThat(this.channel.query(ChannelOperation.PAYMENT, "r-1"))
			.hasValueSatisfying((answer) -> assertThat(answer.status()).isEqualTo(ChannelStatus.SUCCEEDED));
	}

	@Test
	void a404WithoutTheChannelsNotFoundCodeIsARefusalNotAnEmptyAnswer() {
		this.next.set((exchange) -> answer(exchange, 404, "<html>no such path</html>"));
		ChannelCallFailure refused = failureOf(() -> this.channel.query(ChannelOperation.PAYMENT, "r-1"));
		assertThat(refused.kind()).isEqualTo(ChannelCallFailure.Kind.REFUSED);
		assertThat(refused.channelCode()).isEqualTo("HTTP_404");
	}

	interface Call {

		Object run() throws ChannelCallFailure;

	}

	static ChannelCallFailure failureOf(Call call) {
		try {
			call.run();
		}
		catch (ChannelCallFailure failure) {
			return failure;
		}
		throw new AssertionError("the call succeeded");
	}

	static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders()
			.set("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
