package dev.tccledger.channel;

import org.springframework.http.HttpStatus;

/**
 * Every refusal the simulator gives, in order of precedence: when several apply, the
 * first one listed is reported.
 */
public enum ChannelError {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request is not valid"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "A valid merchant API key is required"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "The channel does not know this"),

	IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT, "The reference was used with another request"),

	NOT_PROCESSING(HttpStatus.CONFLICT, "The operation is already settled otherwise"),

	PAYMENT_NOT_FOUND(HttpStatus.UNPROCESSABLE_ENTITY, "The payment to refund is unknown"),

	PAYMENT_NOT_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "Only a paid payment can be refunded"),

	CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "The refund's currency is not the payment's"),

	REFUND_EXCEEDS_PAID(HttpStatus.UNPROCESSABLE_ENTITY, "The refunds would exceed what was paid");

	private final HttpStatus status;

	private final String title;

	ChannelError(HttpStatus status, String title) {
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
