package dev.tccledger.order.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The ledger's answer to a try; fields the ledger may add later are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FreezeAnswer(long freezeId, String xid, long branchId, String status) {
}
