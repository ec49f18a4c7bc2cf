package dev.tccledger.order;

import org.springframework.http.HttpStatus;

/**
 * Every refusal the order service gives, in order of precedence. Ledger refusals keep the
 * ledger's code; inside an order they are 422 (docs/http-api.md).
 */
public enum OrderError {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request is not valid", false),

	PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large", false),

	ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "Order not found", false),

	NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource", false),

	IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT, "The orderNo was used with another request", false),

	/** A refund of an order that is not PAID (or of a leg that did not pay). */
	ORDER_NOT_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "Only a paid order can be refunded", false),

	/** More than is left to refund of the order, or of a leg. */
	REFUND_EXCEEDS_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "The refund exceeds what was paid and not yet refunded", true),

	ACCOUNT_NOT_FOUND(HttpStatus.UNPROCESSABLE_ENTITY, "A payment account does not exist", true),

	CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "The accounts do not hold the order's currency", true),

	INSUFFICIENT_FUNDS(HttpStatus.UNPROCESSABLE_ENTITY, "Insufficient available funds", true),

	DUPLICATE_PAYMENT(HttpStatus.UNPROCESSABLE_ENTITY, "The order is already being paid from this account", true),

	PAYMENT_REFUSED(HttpStatus.UNPROCESSABLE_ENTITY, "The ledger refused the payment", true),

	LEDGER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The ledger could not be reached", true),

	/**
	 * order-service could not get its own access token for the ledger (the issuer's token
	 * endpoint was unreachable, failed, or refused its client credentials): the ledger
	 * was not called, so no branch exists there; retrying with a new orderNo is safe.
	 */
	ISSUER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "No access token for the ledger could be obtained", true),

	/**
	 * The ledger refused order-service's token: a second 401 after a fresh token, or a
	 * 403 (the token lacks the scope). The ledger did nothing; a deployment fault
	 * (issuer, audience, scopes) rather than the caller's.
	 */
	LEDGER_AUTH_REFUSED(HttpStatus.SERVICE_UNAVAILABLE, "The ledger refused order-service's credentials", true),

	TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "The payment did not complete in time", true),

	TC_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The transaction coordinator could not be reached", true),

	/**
	 * The TC cancelled the payment without a reason order-service could record (it died
	 * before its commit, or its answer was lost): retrying with a new orderNo is safe.
	 */
	ROLLED_BACK(HttpStatus.SERVICE_UNAVAILABLE, "The payment was rolled back before it completed", true),

	/** Recorded, but no global transaction was ever bound; the sentinel closed it. */
	ABANDONED(HttpStatus.SERVICE_UNAVAILABLE, "The payment was abandoned before it started", true),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "The order service failed", true);

	private final HttpStatus status;

	private final String title;

	private final boolean failsOrder;

	OrderError(HttpStatus status, String title, boolean failsOrder) {
		this.status = status;
		this.title = title;
		this.failsOrder = failsOrder;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/**
	 * Whether this refusal is a payment outcome recorded on the order (FAILED with this
	 * reason).
	 */
	public boolean failsOrder() {
		return this.failsOrder;
	}

	/** The order-side error for a code the ledger sent back. */
	public static OrderError fromLedgerCode(String code) {
		if (code == null) {
			return PAYMENT_REFUSED;
		}
		return switch (code) {
			case "ACCOUNT_NOT_FOUND" -> ACCOUNT_NOT_FOUND;
			case "CURRENCY_MISMATCH" -> CURRENCY_MISMATCH;
			case "INSUFFICIENT_FUNDS" -> INSUFFICIENT_FUNDS;
			case "DUPLICATE_PAYMENT" -> DUPLICATE_PAYMENT;
			case "ORDER_NOT_PAID" -> ORDER_NOT_PAID;
			case "REFUND_EXCEEDS_PAID" -> REFUND_EXCEEDS_PAID;
			case "LEDGER_BUSY" -> LEDGER_UNAVAILABLE;
			// the ledger's branch was cancelled before the try arrived: the global
			// timeout passed
			case "BRANCH_ALREADY_CANCELLED" -> TIMEOUT;
			default -> PAYMENT_REFUSED;
		};
	}

}
