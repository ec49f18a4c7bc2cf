package dev.tccledger.support.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tccledger.support.web.Problems;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Every refusal at the door as problem+json with a code, and counted: 401
 * {@code UNAUTHENTICATED} (no token, or one that does not verify) with the
 * {@code WWW-Authenticate} challenge RFC 6750 asks for, 403 {@code FORBIDDEN} (a valid
 * token without the endpoint's scope), 503 {@code ISSUER_UNAVAILABLE} (the issuer's keys
 * could not be fetched, so the token could be neither accepted nor rejected). Refused
 * requests never reach a controller, so nothing is changed by them.
 */
final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	static final String METRIC = "tcc_security_refusals";

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler insufficientScope = new BearerTokenAccessDeniedHandler();

	private final EndpointScopes scopes;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	Refusals(EndpointScopes scopes, ObjectMapper json, MeterRegistry meters) {
		this.scopes = scopes;
		this.json = json;
		this.meters = meters;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		// sets 401 and the challenge: error="invalid_token" and why, when a token was
		// sent
		this.challenge.commence(request, response, failure);
		boolean tokenSent = failure instanceof InvalidBearerTokenException;
		count("UNAUTHENTICATED", tokenSent ? "invalid_token" : "no_token");
		write(response, 401, "UNAUTHENTICATED", "Unauthenticated",
				tokenSent ? "The bearer token was refused: " + Problems.firstLine(failure.getMessage())
						: "This endpoint needs a bearer token (Authorization: Bearer <access token>).");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		this.insufficientScope.handle(request, response, denied);
		count("FORBIDDEN", "insufficient_scope");
		String needed = this.scopes.find(HttpMethod.valueOf(request.getMethod()), pathOf(request))
			.filter((entry) -> !entry.open())
			.map((entry) -> "one of the scopes " + String.join(", ", entry.anyOf()))
			.orElse("a scope no token is given: this endpoint is not open to callers");
		write(response, 403, "FORBIDDEN", "Forbidden", "The token is valid but this request needs " + needed + ".");
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		if (failure instanceof AuthenticationServiceException) {
			count("ISSUER_UNAVAILABLE", "keys_unavailable");
			response.setHeader("Retry-After", "5");
			write(response, 503, "ISSUER_UNAVAILABLE", "Issuer unavailable",
					"The token issuer's keys could not be fetched to verify the token; try again shortly.");
			return;
		}
		commence(request, response, failure);
	}

	static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private void count(String code, String reason) {
		Counter.builder(METRIC)
			.description("Requests refused before reaching a controller, by code and reason")
			.tag("code", code)
			.tag("reason", reason)
			.register(this.meters)
			.increment();
	}

	private void write(HttpServletResponse response, int status, String code, String title, String detail)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", Problems.typeOf(code).toString());
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		body.put("code", code);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), body);
	}

}
