package dev.tccledger.order.ledger;

/**
 * This service's own copy of the ledger's refund try (docs/http-api.md, POST
 * /api/v1/tcc/refunds): {@code accountId} is the order's payee, whose money goes back;
 * {@code payeeAccountId} the paying leg's account, which gets it. LedgerContractTest pins
 * its JSON shape.
 */
public record RefundCommand(String orderNo, String refundNo, String accountId, String payeeAccountId, long amount,
		String currency) {
}
