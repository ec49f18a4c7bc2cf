package dev.tccledger.support;

import io.seata.core.model.GlobalStatus;
import io.seata.tm.api.GlobalTransactionContext;

/**
 * Asks the TC where a global transaction stands, for the recovery sentinels of both
 * services. The TC answers {@code Finished} for an xid it no longer holds, whether it
 * ended or was never seen (a wiped store); null means the TC could not be asked.
 * {@link TcOutcome} says what each answer means.
 */
public final class TcStatus {

	private TcStatus() {
	}

	public static GlobalStatus of(String xid) {
		try {
			return GlobalTransactionContext.reload(xid).getStatus();
		}
		catch (Exception unreachable) {
			return null;
		}
	}

}
