package dev.tccledger.ledger.freeze;

import io.seata.core.model.GlobalStatus;
import io.seata.tm.api.GlobalTransactionContext;

import org.springframework.stereotype.Component;

/**
 * Asks the TC where a global transaction stands. The TC answers {@code Finished} for an
 * xid it no longer holds, whether it ended or was never seen (a wiped store); null means
 * the TC could not be asked.
 */
@Component
class TcStatusLookup {

	GlobalStatus statusOf(String xid) {
		try {
			return GlobalTransactionContext.reload(xid).getStatus();
		}
		catch (Exception unreachable) {
			return null;
		}
	}

}
