package dev.tccledger.order.ledger;

import feign.RetryableException;
import feign.Retryer;

/**
 * The ledger client's only retry: a call whose token the ledger rejected (401) is sent
 * once more, with a fresh token (the request interceptors run again). That is safe for
 * the try too: the ledger refuses an unauthenticated request before anything runs, so no
 * branch was registered and nothing was frozen; and a try is idempotent on xid and branch
 * at the ledger besides. A second 401 is a refusal. Every other failure is never retried
 * (a resent try after a timeout costs a duplicate branch; the payment rolls back
 * instead).
 */
class RetryRejectedTokenOnce implements Retryer {

	private boolean retried;

	@Override
	public void continueOrPropagate(RetryableException failure) {
		if (!(failure instanceof RejectedToken rejected)) {
			throw failure;
		}
		if (this.retried) {
			throw rejected.refusal();
		}
		this.retried = true;
	}

	@Override
	public Retryer clone() {
		// Feign clones the retryer for every call: the one retry is per call
		return new RetryRejectedTokenOnce();
	}

}
