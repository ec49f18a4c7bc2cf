package dev.tccledger.order.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * This service's copy of the fields it reads from the ledger's freeze list; {@code kind}
 * PAYMENT or REFUND ({@code refundNo} set).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FreezeRecord(long freezeId, String xid, long branchId, String kind, String orderNo, String refundNo,
		String accountId, long amount, String status) {
}
