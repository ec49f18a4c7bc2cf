package dev.tccledger.support.web;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem+json as both services answer it: {@code type} derived from the code, a
 * {@code title}, the {@code status}, a {@code detail}, and the machine-readable
 * {@code code}.
 */
public final class Problems {

	private Problems() {
	}

	public static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String title,
			String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(typeOf(code));
		body.setTitle(title);
		body.setProperty("code", code);
		return ResponseEntity.status(status).body(body);
	}

	public static URI typeOf(String code) {
		return URI.create("https://tcc-ledger.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/**
	 * The first line of a framework message: enough to say what was wrong, no stack of
	 * causes.
	 */
	public static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
