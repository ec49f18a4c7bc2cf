package dev.tccledger.ledger.freeze;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.seata.core.context.RootContext;
import io.seata.rm.tcc.api.BusinessActionContext;

import dev.tccledger.ledger.Actor;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What Seata's TCC proxy does for a try over HTTP, for tests that run without a TC: a try
 * called with no context while an xid is bound gets a branch of that xid (a synthetic
 * branch id), then reaches the real action. So a right request to
 * {@code POST /api/v1/tcc/freezes} freezes money as it would in production.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocalBranches {

	private static final AtomicLong BRANCH_IDS = new AtomicLong(7_000_000);

	@Bean
	@Primary
	FreezeTccAction locallyRegisteredFreezeTccAction(SeataFreezeTccAction action) {
		return new FreezeTccAction() {

			@Override
			public Freeze freeze(BusinessActionContext context, String orderNo, String accountId, String payeeAccountId,
					long amount, Actor triedBy) {
				return action.freeze(registered(context), orderNo, accountId, payeeAccountId, amount, triedBy);
			}

			@Override
			public Freeze refund(BusinessActionContext context, String orderNo, String refundNo, String accountId,
					String payeeAccountId, long amount, Actor triedBy) {
				return action.refund(registered(context), orderNo, refundNo, accountId, payeeAccountId, amount,
						triedBy);
			}

			@Override
			public boolean confirm(BusinessActionContext context) {
				return action.confirm(context);
			}

			@Override
			public boolean cancel(BusinessActionContext context) {
				return action.cancel(context);
			}

		};
	}

	private static BusinessActionContext registered(BusinessActionContext context) {
		return (context != null) ? context : new BusinessActionContext(RootContext.getXID(),
				Long.toString(BRANCH_IDS.incrementAndGet()), Map.of());
	}

}
