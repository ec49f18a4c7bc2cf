package dev.tccledger.ledger.web;

import java.net.URI;
import java.util.Locale;

import io.seata.core.exception.TransactionException;
import io.seata.core.exception.TransactionExceptionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.support.faults.FaultInjectedException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * First in line, ahead of Spring Boot's own problem-details advice, which would answer
 * Spring MVC's exceptions (unreadable body, media type) without a code. Every refusal as
 * RFC 9457 problem+json with a machine-readable {@code code}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(LedgerException.class)
	ResponseEntity<ProblemDetail> refused(LedgerException ex) {
		return problem(ex.error(), ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.TooLarge) {
				return problem(LedgerError.PAYLOAD_TOO_LARGE, cause.getMessage());
			}
		}
		return problem(LedgerError.VALIDATION_FAILED,
				"the body is not valid JSON for this request: " + firstLine(ex.getMostSpecificCause().getMessage()));
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			MissingRequestHeaderException.class })
	ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		return problem(LedgerError.VALIDATION_FAILED, firstLine(ex.getMessage()));
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
		return problem(LedgerError.NOT_FOUND, "no resource at " + ex.getResourcePath());
	}

	/**
	 * Seata wraps what a TCC try throws; the refusal inside is the answer. A failure to
	 * register the branch at the TC says the global transaction is gone, or the TC is out
	 * of reach.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
			// Spring MVC's other refusals (not acceptable, missing parameter, ...) keep
			// their status
			HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
			return problem(status, status.name(), status.getReasonPhrase(), known.getBody().getDetail());
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof LedgerException refusal) {
				return refused(refusal);
			}
			if (cause instanceof FaultInjectedException fault) {
				return problem(LedgerError.FAULT_INJECTED, fault.getMessage());
			}
			if (cause instanceof TransactionException tc) {
				boolean gone = tc.getCode() == TransactionExceptionCode.GlobalTransactionNotExist
						|| tc.getCode() == TransactionExceptionCode.GlobalTransactionNotActive
						|| tc.getCode() == TransactionExceptionCode.GlobalTransactionStatusInvalid
						|| tc.getCode() == TransactionExceptionCode.FailedToAddBranch;
				return problem(gone ? LedgerError.GLOBAL_TRANSACTION_NOT_ACTIVE : LedgerError.TC_UNAVAILABLE,
						tc.getCode() + ": " + tc.getMessage());
			}
		}
		log.error("unexpected failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal error",
				"the ledger failed unexpectedly; nothing was committed for this request");
	}

	static ResponseEntity<ProblemDetail> problem(LedgerError error, String detail) {
		return problem(error.status(), error.name(), error.title(), detail);
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create("https://tcc-ledger.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
		body.setTitle(title);
		body.setProperty("code", code);
		return ResponseEntity.status(status).body(body);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
