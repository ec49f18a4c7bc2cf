package dev.tccledger.order.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** This service's copy of the fields it reads from the ledger's freeze list. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FreezeRecord(long freezeId, String xid, long branchId, String orderNo, String accountId, long amount,
		String status) {
}
