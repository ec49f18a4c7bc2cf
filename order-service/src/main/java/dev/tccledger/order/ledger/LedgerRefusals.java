package dev.tccledger.order.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;

import dev.tccledger.order.OrderError;

/**
 * Turns what came back from the ledger (a problem+json, a 5xx, an I/O failure) into the
 * typed {@link LedgerRefusal} that rolls the global transaction back with a reason.
 */
public final class LedgerRefusals {

	private LedgerRefusals() {
	}

	public static LedgerRefusal decode(ObjectMapper json, Response response) {
		String code = null;
		String detail = "ledger answered " + response.status();
		if (response.body() != null) {
			try (InputStream in = response.body().asInputStream()) {
				String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
				JsonNode problem = json.readTree(body);
				code = problem.path("code").asText(null);
				detail = problem.path("detail").asText(detail);
			}
			catch (IOException | RuntimeException unreadable) {
				// not problem+json: judged by the status alone
			}
		}
		if (response.status() >= 500 || code == null && response.status() == 429) {
			return new LedgerRefusal(OrderError.LEDGER_UNAVAILABLE, code, detail);
		}
		if (response.status() == 401 || response.status() == 403) {
			// the ledger's security refused order-service itself, before anything ran
			return new LedgerRefusal(OrderError.LEDGER_AUTH_REFUSED, code, detail);
		}
		return new LedgerRefusal(OrderError.fromLedgerCode(code), code, detail);
	}

	/** Feign's own I/O failure: a read timeout leaves the try's outcome unknown. */
	public static LedgerRefusal ioFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).contains("Read")) {
				return new LedgerRefusal(OrderError.TIMEOUT, null, "the ledger did not answer in time");
			}
		}
		return new LedgerRefusal(OrderError.LEDGER_UNAVAILABLE, null, "the ledger could not be reached: " + failure);
	}

}
