package dev.tccledger.channel.operation;

import java.time.Instant;

/**
 * An operation as the merchant sees it: the answer to a create and to a query. Fields
 * that do not apply to the type are null.
 */
record OperationView(String channelTxId, OperationType type, String reference, long amount, String currency,
		OperationStatus status, String reason, String destination, String paymentReference, Instant createdAt,
		Instant expiresAt, Instant settledAt) {

	static OperationView of(Operation operation) {
		return new OperationView(operation.channelTxId(), operation.type(), operation.reference(), operation.amount(),
				operation.currency(), operation.status(), operation.reason(), operation.destination(),
				operation.paymentReference(), operation.createdAt(), operation.expiresAt(), operation.settledAt());
	}

}
