package dev.tccledger.order.payment;

import java.util.LinkedHashMap;
import java.util.List;
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
		if (ex.order() instanceof Refund refund) {
			return refundRefused(ex, refund);
		}
		if (!(ex.order() instanceof Order order)) {
			return problem(ex.error(), ex.getMessage());
		}
		if (order.getStatus() != OrderStatus.FAILED) {
			// the rollback is not final yet (a branch is still being cancelled): not a
			// refusal; a PENDING order has no refunds
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(OrderController.OrderView.of(order, List.of()));
		}
		OrderError error = OrderController.failure(order);
		Map<String, Object> body = failed(error, ex.getMessage());
		body.put("orderNo", order.getOrderNo());
		body.put("reason", order.getReason());
		body.put("xid", order.getXid());
		return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	/**
	 * docs/http-api.md: the problem of a refused order or refund carries
	 * "status":"FAILED" (its status); the HTTP status number, which RFC 9457 puts in
	 * "status", moves to "httpStatus".
	 */
	private static Map<String, Object> failed(OrderError error, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", Problems.typeOf(error.name()).toString());
		body.put("title", error.title());
		body.put("status", "FAILED");
		body.put("httpStatus", error.status().value());
		body.put("detail", detail);
		body.put("code", error.name());
		return body;
	}

	/**
	 * A refund that failed: its problem carries the refund's number and status, as an
	 * order's does; one not final yet is answered 202 with the refund.
	 */
	private static ResponseEntity<?> refundRefused(OrderException ex, Refund refund) {
		if (refund.getStatus() != RefundStatus.FAILED) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(OrderController.RefundView.of(refund));
		}
		OrderError error = OrderController.failure(refund.getFailure());
		Map<String, Object> body = failed(error, ex.getMessage());
		body.put("refundNo", refund.getRefundNo());
		body.put("orderNo", refund.getOrderNo());
		body.put("xid", refund.getXid());
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
