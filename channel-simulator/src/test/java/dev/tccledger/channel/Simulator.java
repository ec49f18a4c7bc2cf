package dev.tccledger.channel;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * The packaged simulator as a process of its own, on its own port and data directory,
 * spoken to over HTTP with the development merchant's key. A restart keeps port and data.
 */
final class Simulator implements AutoCloseable {

	static final String KEY = "sim-ledger-key";

	static final String SECRET = "sim-ledger-callback-secret";

	static final ObjectMapper JSON = new ObjectMapper();

	private final Path dir;

	private final List<String> settings;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private Process process;

	private Simulator(Path dir, List<String> settings) {
		this.dir = dir.toAbsolutePath();
		this.settings = settings;
		this.port = Ports.free();
	}

	static Simulator start(Path dir, String... settings) {
		Simulator simulator = new Simulator(dir, List.of(settings));
		simulator.launch();
		return simulator;
	}

	private void launch() {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", System.getProperty("channel.jar"), "--spring.main.banner-mode=off",
				"--server.port=" + this.port, "--channel.data-dir=" + this.dir.resolve("data")));
		command.addAll(this.settings);
		File log = this.dir.resolve("channel-simulator.out").toFile();
		try {
			this.process = new ProcessBuilder(command).directory(this.dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start the simulator", ex);
		}
		await("the simulator healthy, see " + log).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"the simulator exited with " + this.process.exitValue() + ", see " + log);
				}
				try {
					return send(HttpRequest.newBuilder(uri("/actuator/health")).build()).statusCode() == 200;
				}
				catch (IllegalStateException notYet) {
					return false;
				}
			});
	}

	/** SIGKILL, then the same command again: nothing but what it stored survives. */
	void crashAndRestart() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
		launch();
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	HttpResponse<String> post(String path, String json) {
		return send(authorized(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
		return this.http.sendAsync(authorized(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> put(String path, String json) {
		return send(authorized(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> get(String path) {
		return send(authorized(path).GET().build());
	}

	HttpResponse<String> delete(String path) {
		return send(authorized(path).DELETE().build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + KEY);
	}

	static JsonNode json(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(body, ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
