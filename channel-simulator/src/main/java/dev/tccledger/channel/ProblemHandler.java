package dev.tccledger.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every refusal as problem+json with a {@code code}; ordered first so that Spring Boot's
 * own problem-details advice does not answer without one.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(ChannelException.class)
	ResponseEntity<ProblemDetail> refused(ChannelException ex) {
		return Problems.problem(ex.error(), ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ChannelException refusal) {
				return refused(refusal);
			}
		}
		return Problems.problem(ChannelError.VALIDATION_FAILED, "the body is not valid JSON for this request: "
				+ Problems.firstLine(ex.getMostSpecificCause().getMessage()));
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		return Problems.problem(ChannelError.VALIDATION_FAILED, Problems.firstLine(ex.getMessage()));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
			HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
			String code = (status == HttpStatus.NOT_FOUND) ? ChannelError.NOT_FOUND.name() : status.name();
			return Problems.problem(status, code, status.getReasonPhrase(), known.getBody().getDetail());
		}
		log.error("unexpected failure", ex);
		return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal error",
				"the channel failed unexpectedly");
	}

}
