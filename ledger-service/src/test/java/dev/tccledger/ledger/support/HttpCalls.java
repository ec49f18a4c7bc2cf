package dev.tccledger.ledger.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** One raw HTTP call to the ledger under test, as a client sends it. */
public final class HttpCalls {

	private HttpCalls() {
	}

	/** With a bearer token (none when null) and a JSON body (none when null). */
	public static HttpResponse<String> send(int port, String token, String method, String path, String body,
			Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
