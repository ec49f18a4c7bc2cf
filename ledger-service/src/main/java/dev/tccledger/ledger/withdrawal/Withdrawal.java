package dev.tccledger.ledger.withdrawal;

import java.time.LocalDateTime;

import dev.tccledger.ledger.outbound.OutboundStatus;

/** A withdrawal row as stored (sql/ledger/V5__withdrawals.sql). */
public record Withdrawal(String withdrawalNo, String accountId, long amount, String currency, String destination,
		String channel, OutboundStatus status, String reason, String channelTxId, String flag, String requestedBy,
		String settledBy, String resolutionNote, LocalDateTime createdAt, LocalDateTime updatedAt) {

	boolean sameRequest(String accountId, long amount, String destination) {
		return this.accountId.equals(accountId) && this.amount == amount && this.destination.equals(destination);
	}

}
