package dev.tccledger.order.payment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.web.MvcProblemHandler;
import dev.tccledger.support.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every refusal as RFC 9457 problem+json with a {@code code}; a refused payment also
 * carries the order's number, status and reason. Spring MVC's own refusals come from
 * {@link MvcProblemHandler}.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler extends MvcProblemHandler {

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
		// docs/http-api.md: a refused order's problem carries "status":"FAILED" (the
		// order's status); the HTTP status number, which RFC 9457 puts in "status",
		// moves to "httpStatus".
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", Problems.typeOf(error.name()).toString());
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

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		ResponseEntity<ProblemDetail> clientError = clientError(ex);
		if (clientError != null) {
			return clientError;
		}
		log.error("unexpected failure", ex);
		return problem(OrderError.INTERNAL_ERROR, "the order service failed unexpectedly");
	}

	static ResponseEntity<ProblemDetail> problem(OrderError error, String detail) {
		return Problems.problem(error.status(), error.name(), error.title(), detail);
	}

}
