package dev.tccledger.order.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.order.Order;
import dev.tccledger.order.order.OrderStatus;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * First in line, ahead of Spring Boot's own problem-details advice, which would answer
 * Spring MVC's exceptions (unreadable body, media type) without a code. Every refusal as
 * RFC 9457 problem+json with a {@code code}; a refused payment also carries the order's
 * number, status and reason.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(OrderException.class)
	ResponseEntity<?> refused(OrderException ex) {
		if (!(ex.order() instanceof Order order)) {
			return problem(ex.error(), ex.getMessage());
		}
		if (order.getStatus() != OrderStatus.FAILED) {
			// the rollback is not final yet (a branch is still being cancelled): not a
			// refusal
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(OrderController.OrderView.of(order));
		}
		OrderError error = OrderController.failure(order);
		// API.md: a refused order's problem carries "status":"FAILED" (the order's
		// status); the
		// HTTP status number, which RFC 9457 puts in "status", moves to "httpStatus".
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", typeOf(error.name()).toString());
		body.put("title", error.title());
		body.put("status", order.getStatus().name());
		body.put("httpStatus", error.status().value());
		body.put("detail", ex.getMessage());
		body.put("code", error.name());
		body.put("orderNo", order.getOrderNo());
		body.put("reason", order.getReason());
		body.put("xid", order.getXid());
		return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		return problem(OrderError.VALIDATION_FAILED,
				"the body is not valid JSON for this request: " + firstLine(ex.getMostSpecificCause().getMessage()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		return problem(OrderError.VALIDATION_FAILED, firstLine(ex.getMessage()));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
				"send application/json");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		return problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Method not allowed", ex.getMessage());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> noResource(NoResourceFoundException ex) {
		return problem(OrderError.NOT_FOUND, "no resource at " + ex.getResourcePath());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
			// Spring MVC's other refusals (not acceptable, missing parameter, ...) keep
			// their status
			HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
			return problem(status, status.name(), status.getReasonPhrase(), known.getBody().getDetail());
		}
		log.error("unexpected failure", ex);
		return problem(OrderError.INTERNAL_ERROR, "the order service failed unexpectedly");
	}

	static ResponseEntity<ProblemDetail> problem(OrderError error, String detail) {
		return problem(error.status(), error.name(), error.title(), detail);
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(typeOf(code));
		body.setTitle(title);
		body.setProperty("code", code);
		return ResponseEntity.status(status).body(body);
	}

	private static URI typeOf(String code) {
		return URI.create("https://tcc-ledger.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
