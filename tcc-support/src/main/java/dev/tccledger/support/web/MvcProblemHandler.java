package dev.tccledger.support.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The refusals Spring MVC raises before a controller runs, as problem+json with a code.
 * Each service's handler extends this, adds its own domain exceptions, and must be
 * ordered first ({@code @Order(HIGHEST_PRECEDENCE)}): Spring Boot's own problem-details
 * advice would otherwise answer these without a code.
 */
public abstract class MvcProblemHandler {

	protected static final String VALIDATION_FAILED = "VALIDATION_FAILED";

	protected static final String INVALID_TITLE = "The request is not valid";

	@ExceptionHandler(HttpMessageNotReadableException.class)
	public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.TooLarge) {
				return BodySizeLimitFilter.tooLarge();
			}
		}
		return Problems.problem(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, INVALID_TITLE,
				"the body is not valid JSON for this request: "
						+ Problems.firstLine(ex.getMostSpecificCause().getMessage()));
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			MissingRequestHeaderException.class })
	public ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		return Problems.problem(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, INVALID_TITLE,
				Problems.firstLine(ex.getMessage()));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		return Problems.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
				"send application/json");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	public ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		return Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Method not allowed",
				ex.getMessage());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	public ResponseEntity<ProblemDetail> noResource(NoResourceFoundException ex) {
		return Problems.problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such resource",
				"no resource at " + ex.getResourcePath());
	}

	/**
	 * Spring MVC's other refusals (not acceptable, ...) keep their 4xx status; null for
	 * anything else.
	 */
	protected static ResponseEntity<ProblemDetail> clientError(Exception ex) {
		if (ex instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
			HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
			return Problems.problem(status, status.name(), status.getReasonPhrase(), known.getBody().getDetail());
		}
		return null;
	}

}
