package dev.tccledger.order;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import dev.tccledger.support.security.EmbeddedDefaults;
import dev.tccledger.support.security.TestIssuer;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * order-service as it runs, on a random port with H2 and Seata off, trusting an
 * in-process issuer (which also serves order-service's own client-credentials tokens) and
 * calling a fake ledger that records what it receives. The faults profile maps the fault
 * endpoint and keeps the embedded default (the development client secret). Subclasses
 * share one application context.
 */
@SpringBootTest(classes = OrderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "seata.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:secured-order-service;MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1",
				"logging.file.name=target/secured-order-service.log" })
@ActiveProfiles("faults")
@AutoConfigureObservability(tracing = false)
public abstract class SecuredOrderService {

	protected static final TestIssuer issuer = new TestIssuer().client("order-service", "ledger:pay");

	protected static final FakeLedger ledger = new FakeLedger();

	@DynamicPropertySource
	static void issuerAndLedger(DynamicPropertyRegistry registry) {
		registry.add(EmbeddedDefaults.ISSUER_URI, issuer::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.ledger-service[0].uri", ledger::uri);
	}

	@LocalServerPort
	protected int port;

	protected HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Answers GET /api/v1/freezes with an empty list, after {@link #reject} 401s; records
	 * the Authorization header of every request.
	 */
	public static final class FakeLedger {

		private final HttpServer server;

		public final List<String> authorizations = new CopyOnWriteArrayList<>();

		private final AtomicInteger rejections = new AtomicInteger();

		FakeLedger() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/api/v1/freezes", (exchange) -> {
				this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
				boolean reject = this.rejections.getAndUpdate((n) -> Math.max(0, n - 1)) > 0;
				byte[] body = (reject ? "{\"code\":\"UNAUTHENTICATED\"}" : "[]").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders()
					.add("Content-Type", reject ? "application/problem+json" : "application/json");
				exchange.sendResponseHeaders(reject ? 401 : 200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}

		public String uri() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		/** The next {@code times} requests are answered 401. */
		public void reject(int times) {
			this.rejections.set(times);
		}

	}

}
