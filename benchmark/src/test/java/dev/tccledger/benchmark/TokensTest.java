package dev.tccledger.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.benchmark.Tokens.Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's tokens against a fake issuer whose tokens live 2 s, so a run of many
 * lifetimes takes seconds: no call ever gets a token past its expiry, renewal happens a
 * few times per lifetime at most, and an issuer that refuses is reported by client and
 * URL.
 */
class TokensTest {

	private static final int LIFE_SECONDS = 2;

	private HttpServer issuer;

	private final AtomicInteger issued = new AtomicInteger();

	/** Each token the fake issuer gave, with the nanoTime it expires at. */
	private final Map<String, Long> expiries = new ConcurrentHashMap<>();

	private final List<String> scopesAsked = new ArrayList<>();

	private volatile int status = 200;

	@BeforeEach
	void startIssuer() throws IOException {
		this.issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.issuer.createContext("/oauth2/token", (exchange) -> {
			String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			synchronized (this.scopesAsked) {
				this.scopesAsked.add(form);
			}
			String token = "t" + this.issued.incrementAndGet();
			this.expiries.put(token, System.nanoTime() + TimeUnit.SECONDS.toNanos(LIFE_SECONDS));
			byte[] body = ((this.status == 200) ? "{\"access_token\":\"" + token
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":" + LIFE_SECONDS + "}"
					: "{\"error\":\"invalid_client\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.issuer.start();
	}

	@AfterEach
	void stopIssuer() {
		this.issuer.stop(0);
	}

	@Test
	void callsOverManyLifetimesNeverGetAnExpiredTokenAndRenewalIsRare() throws Exception {
		long runNanos = TimeUnit.SECONDS.toNanos(5 * LIFE_SECONDS);
		List<String> late = new ArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		try (Tokens tokens = new Tokens(url(), HttpClient.newHttpClient())) {
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Thread caller = new Thread(() -> {
					long end = System.nanoTime() + runNanos;
					while (System.nanoTime() < end) {
						try {
							String token = tokens.authorization(Client.SHOP).substring("Bearer ".length());
							long now = System.nanoTime();
							calls.incrementAndGet();
							if (now - this.expiries.get(token) >= 0) {
								synchronized (late) {
									late.add(token);
								}
							}
							Thread.sleep(5);
						}
						catch (IOException | InterruptedException ex) {
							throw new IllegalStateException(ex);
						}
					}
				});
				caller.start();
				callers.add(caller);
			}
			for (Thread caller : callers) {
				caller.join();
			}
			assertThat(late).as("tokens handed out after their expiry").isEmpty();
			assertThat(calls.get()).isGreaterThan(1000);
			// 10 s of 2 s tokens renewed at 1.6 s: 7 fetches; a slow machine may fetch a
			// few
			// more, never one per call
			assertThat(tokens.fetched()).isBetween(5L, 12L).isEqualTo(this.issued.get());
		}
		assertThat(this.scopesAsked).allSatisfy((form) -> assertThat(form).contains("grant_type=client_credentials")
			.contains("scope=ledger%3Aaccounts+ledger%3Atransfer+orders%3Awrite"));
	}

	@Test
	void anIssuerThatRefusesIsReportedByClientAndUrl() {
		this.status = 401;
		try (Tokens tokens = new Tokens(url(), HttpClient.newHttpClient())) {
			assertThatThrownBy(() -> tokens.authorization(Client.VIEWER)).isInstanceOf(IOException.class)
				.hasMessageContaining("finance-viewer")
				.hasMessageContaining(url() + "/oauth2/token")
				.hasMessageContaining("HTTP 401");
		}
	}

	private String url() {
		return "http://127.0.0.1:" + this.issuer.getAddress().getPort();
	}

}
