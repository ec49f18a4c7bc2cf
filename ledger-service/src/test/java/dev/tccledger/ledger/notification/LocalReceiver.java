package dev.tccledger.ledger.notification;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server standing in for the SMS gateway ({@code POST /sim/v1/sms}) and for
 * subscribers' webhooks ({@code /hooks/<name>}). It keeps every delivery it was sent, as
 * sent (no dedupe: the tests count deliveries per event id), and answers each path with
 * the status set for it (200 unless told otherwise).
 */
final class LocalReceiver implements AutoCloseable {

	static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * One request as received: the event id is the SMS reference or the webhook header.
	 */
	record Delivery(String path, String id, String timestamp, String signature, String authorization, String body) {

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private final HttpServer server;

	private final ConcurrentLinkedQueue<Delivery> received = new ConcurrentLinkedQueue<>();

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	LocalReceiver() throws IOException {
		this.server = bind();
		this.server.createContext("/", this::answer);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	/** A port below the ephemeral range, as every test's ports are. */
	private static HttpServer bind() throws IOException {
		for (int tries = 0;; tries++) {
			try {
				return HttpServer
					.create(new InetSocketAddress("127.0.0.1", ThreadLocalRandom.current().nextInt(20000, 32000)), 64);
			}
			catch (BindException taken) {
				if (tries == 20) {
					throw taken;
				}
			}
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void answer(String path, int status) {
		this.statuses.put(path, status);
	}

	List<Delivery> received() {
		return List.copyOf(this.received);
	}

	List<Delivery> received(String path) {
		return this.received.stream().filter((d) -> d.path().equals(path)).toList();
	}

	/** How many deliveries each event id got. */
	Map<String, Long> countsById() {
		return this.received.stream().collect(Collectors.groupingBy(Delivery::id, Collectors.counting()));
	}

	void clear() {
		this.received.clear();
		this.statuses.clear();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Function<String, String> header = (name) -> exchange.getRequestHeaders().getFirst(name);
		String id = path.equals("/sim/v1/sms") ? JSON.readTree(body).path("reference").asText()
				: header.apply("X-Notification-Id");
		this.received.add(new Delivery(path, id, header.apply("X-Notification-Timestamp"),
				header.apply("X-Notification-Signature"), header.apply("Authorization"), body));
		int status = this.statuses.getOrDefault(path, 200);
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
