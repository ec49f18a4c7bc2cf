package dev.tccledger.order.ledger;

/**
 * Where the ledger client gets order-service's own access token: cached, and fetched
 * again when it nears its expiry or when the ledger rejected it.
 */
public interface TokenSource {

	/**
	 * The current access token.
	 * @throws LedgerRefusal ISSUER_UNAVAILABLE when no token could be obtained
	 */
	String token();

	/**
	 * The ledger answered 401 to {@code token}: it is dropped, unless a newer one already
	 * replaced it.
	 */
	void rejected(String token);

}
