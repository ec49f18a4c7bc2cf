package dev.tccledger.ledger.recharge;

import java.time.LocalDateTime;

/** One recharge row. */
public record Recharge(String rechargeNo, String accountId, String channel, long amount, String currency,
		RechargeStatus status, String channelTxId, String reason, String flag, Long journalTxId, String actor,
		String settledBy, LocalDateTime expiresAt, LocalDateTime createdAt, LocalDateTime updatedAt) {
}
