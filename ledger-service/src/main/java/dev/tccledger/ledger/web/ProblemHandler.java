package dev.tccledger.ledger.web;

import io.seata.core.exception.TransactionException;
import io.seata.core.exception.TransactionExceptionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.support.faults.FaultInjectedException;
import dev.tccledger.support.web.MvcProblemHandler;
import dev.tccledger.support.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every refusal as RFC 9457 problem+json with a machine-readable {@code code}; Spring
 * MVC's own refusals come from {@link MvcProblemHandler}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler extends MvcProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(LedgerException.class)
	ResponseEntity<ProblemDetail> refused(LedgerException ex) {
		return problem(ex.error(), ex.getMessage());
	}

	/**
	 * Seata wraps what a TCC try throws; the refusal inside is the answer. A failure to
	 * register the branch at the TC says the global transaction is gone, or the TC is out
	 * of reach.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		ResponseEntity<ProblemDetail> clientError = clientError(ex);
		if (clientError != null) {
			return clientError;
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
		return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal error",
				"the ledger failed unexpectedly; nothing was committed for this request");
	}

	static ResponseEntity<ProblemDetail> problem(LedgerError error, String detail) {
		return Problems.problem(error.status(), error.name(), error.title(), detail);
	}

}
