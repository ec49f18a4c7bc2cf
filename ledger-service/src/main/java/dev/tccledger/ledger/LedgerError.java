package dev.tccledger.ledger;

import org.springframework.http.HttpStatus;

/**
 * Every refusal the ledger gives, in order of precedence: when several apply, the first
 * one listed is reported.
 */
public enum LedgerError {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request is not valid"),

	PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large"),

	BAD_SIGNATURE(HttpStatus.UNAUTHORIZED, "The callback's signature or timestamp was not accepted"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource"),

	ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND, "Account not found"),

	SYSTEM_ACCOUNT(HttpStatus.UNPROCESSABLE_ENTITY, "System accounts cannot be used this way"),

	CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "The accounts hold different currencies"),

	IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT, "The idempotency key was used with another request"),

	BRANCH_ALREADY_CANCELLED(HttpStatus.CONFLICT, "The branch was cancelled before its try arrived"),

	BRANCH_ALREADY_CONFIRMED(HttpStatus.CONFLICT, "The branch is already confirmed"),

	DUPLICATE_PAYMENT(HttpStatus.CONFLICT, "This order already has a live freeze on this account"),

	ORDER_NOT_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "The order has no captured payment from this account to refund"),

	REFUND_EXCEEDS_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "The refund exceeds what is left of what was paid"),

	INSUFFICIENT_FUNDS(HttpStatus.UNPROCESSABLE_ENTITY, "Insufficient available funds"),

	ANOMALY_ALREADY_RESOLVED(HttpStatus.CONFLICT, "The anomaly is already resolved"),

	ANOMALY_NOT_ESCALATED(HttpStatus.UNPROCESSABLE_ENTITY, "Only escalated anomalies need a resolution"),

	WITHDRAWAL_NOT_NEEDS_ATTENTION(HttpStatus.CONFLICT, "Only a withdrawal that needs attention can be resolved"),

	RECHARGE_NOT_SETTLED(HttpStatus.UNPROCESSABLE_ENTITY, "Only a SUCCEEDED recharge can be refunded"),

	REFUND_NOT_NEEDS_ATTENTION(HttpStatus.CONFLICT, "Only a refund that needs attention can be resolved"),

	CHANNEL_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "No payment channel is configured"),

	RECONCILIATION_RUNNING(HttpStatus.CONFLICT, "This channel reconciliation is being run elsewhere"),

	CHANNEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The channel's statement could not be had"),

	GLOBAL_TRANSACTION_NOT_ACTIVE(HttpStatus.CONFLICT, "The global transaction is not active at the TC"),

	TC_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The transaction coordinator could not be reached"),

	FAULT_INJECTED(HttpStatus.INTERNAL_SERVER_ERROR, "A fault was injected (faults profile)"),

	LEDGER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "The ledger could not complete the request in time, retry");

	private final HttpStatus status;

	private final String title;

	LedgerError(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

}
