package dev.tccledger.ledger.recharge;

import java.time.LocalDateTime;

import dev.tccledger.ledger.outbound.OutboundStatus;

/** A recharge refund row as stored (sql/ledger/V6__recharge_refunds.sql). */
public record RechargeRefund(String refundNo, String rechargeNo, String accountId, long amount, String currency,
		String channel, OutboundStatus status, String reason, String channelTxId, String flag, String requestedBy,
		String settledBy, String resolutionNote, LocalDateTime createdAt, LocalDateTime updatedAt) {

	boolean sameRequest(String rechargeNo, long amount) {
		return this.rechargeNo.equals(rechargeNo) && this.amount == amount;
	}

}
