package dev.tccledger.ledger.freeze;

/**
 * What a try asks for: reserve {@code amount} of {@code accountId} for
 * {@code payeeAccountId} on behalf of {@code orderNo}. A cancel carries the same values
 * from the branch's action context, so that its empty-rollback marker says what it
 * guards.
 */
public record FreezeRequest(String orderNo, String accountId, String payeeAccountId, long amount) {
}
