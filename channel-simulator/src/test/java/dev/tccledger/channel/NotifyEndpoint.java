package dev.tccledger.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The merchant's notify endpoint: a JDK HTTP server that records every callback and
 * answers 200, or, per path, the statuses a test scripted first.
 */
final class NotifyEndpoint implements AutoCloseable {

	/** One callback as the merchant received it. */
	record Received(String path, String body, String timestamp, String signature, Instant at, int answered) {
	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();

	NotifyEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 16);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/notify/" + path;
	}

	/** The next callbacks to this path are answered with these statuses, then 200. */
	void answer(String path, Integer... statuses) {
		this.scripts.put("/notify/" + path, new ArrayDeque<>(List.of(statuses)));
	}

	List<Received> to(String path) {
		return this.received.stream().filter((callback) -> callback.path().equals("/notify/" + path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String path = exchange.getRequestURI().getPath();
		Deque<Integer> script = this.scripts.get(path);
		Integer scripted = (script != null) ? script.pollFirst() : null;
		int status = (scripted != null) ? scripted : 200;
		this.received.add(new Received(path, body, exchange.getRequestHeaders().getFirst("X-Channel-Timestamp"),
				exchange.getRequestHeaders().getFirst("X-Channel-Signature"), Instant.now(), status));
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
