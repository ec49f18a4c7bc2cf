package dev.tccledger.order.ledger;

import feign.Response;
import feign.RetryableException;

/**
 * The ledger answered 401: the token was expired, signed by a key the issuer has since
 * replaced, or otherwise not accepted. Retryable once, with a fresh token
 * ({@link RetryRejectedTokenOnce}); {@link #refusal()} is what the caller gets when the
 * fresh token is rejected too.
 */
class RejectedToken extends RetryableException {

	private final transient LedgerRefusal refusal;

	RejectedToken(Response response, LedgerRefusal refusal) {
		super(response.status(), refusal.getMessage(), response.request().httpMethod(), (Long) null,
				response.request());
		this.refusal = refusal;
	}

	LedgerRefusal refusal() {
		return this.refusal;
	}

}
