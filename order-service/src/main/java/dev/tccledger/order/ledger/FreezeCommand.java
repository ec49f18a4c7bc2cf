package dev.tccledger.order.ledger;

/**
 * This service's own copy of the ledger's try request (docs/http-api.md, POST
 * /api/v1/tcc/freezes); LedgerContractTest pins its JSON shape.
 */
public record FreezeCommand(String orderNo, String accountId, String payeeAccountId, long amount, String currency) {
}
