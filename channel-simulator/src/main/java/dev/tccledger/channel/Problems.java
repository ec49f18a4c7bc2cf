package dev.tccledger.channel;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem+json in the project's shape ({@code type} from the code,
 * {@code title}, {@code status}, {@code detail}, {@code code}); a copy, because the
 * simulator stays independent of tcc-support.
 */
final class Problems {

	private Problems() {
	}

	static ResponseEntity<ProblemDetail> problem(ChannelError error, String detail) {
		return problem(error.status(), error.name(), error.title(), detail);
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String title, String detail) {
		return ResponseEntity.status(status).body(body(status, code, title, detail));
	}

	static ProblemDetail body(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create("https://tcc-ledger.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
		body.setTitle(title);
		body.setProperty("code", code);
		return body;
	}

	static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
