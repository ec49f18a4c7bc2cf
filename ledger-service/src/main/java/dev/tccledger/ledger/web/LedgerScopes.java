package dev.tccledger.ledger.web;

import dev.tccledger.support.security.EndpointScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The scope each ledger endpoint needs (docs/security.md); tcc-support's filter chain
 * enforces it and adds health, metrics and the fault endpoint. An endpoint not listed
 * here is refused to every token, and EndpointMatrixIT fails until it is.
 */
@Configuration(proxyBeanMethods = false)
class LedgerScopes {

	static final String ACCOUNTS = "ledger:accounts";

	static final String TRANSFER = "ledger:transfer";

	/**
	 * The TCC try, and only order-service holds it: a shop cannot freeze money itself.
	 */
	static final String PAY = "ledger:pay";

	static final String FINANCE_READ = "finance:read";

	static final String FINANCE_OPERATE = "finance:operate";

	@Bean
	EndpointScopes ledgerEndpointScopes() {
		return EndpointScopes.builder()
			.require(HttpMethod.POST, "/api/v1/accounts", ACCOUNTS)
			.require(HttpMethod.POST, "/api/v1/accounts/{accountId}/deposits", FINANCE_OPERATE)
			.require(HttpMethod.GET, "/api/v1/accounts/{accountId}", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/accounts/{accountId}/balance", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/accounts/{accountId}/freezes", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/accounts/{accountId}/journal", ACCOUNTS)
			.require(HttpMethod.POST, "/api/v1/tcc/freezes", PAY)
			// a refund branch's try: order-service only, like a payment's
			.require(HttpMethod.POST, "/api/v1/tcc/refunds", PAY)
			// order-service's recovery looks its orders' freezes up; finance reads them
			// too
			.require(HttpMethod.GET, "/api/v1/freezes", PAY, FINANCE_READ)
			.require(HttpMethod.POST, "/api/v1/transfers", TRANSFER)
			.require(HttpMethod.POST, "/api/v1/withdrawals", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/withdrawals/{withdrawalNo}", ACCOUNTS)
			.require(HttpMethod.POST, "/api/v1/withdrawals/{withdrawalNo}/resolution", FINANCE_OPERATE)
			.require(HttpMethod.GET, "/api/v1/finance/channel-reconciliation", FINANCE_READ)
			.require(HttpMethod.GET, "/api/v1/finance/**", FINANCE_READ)
			.require(HttpMethod.POST, "/api/v1/finance/anomalies/{anomalyId}/resolution", FINANCE_OPERATE)
			.require(HttpMethod.POST, "/api/v1/finance/sentinel/sweeps", FINANCE_OPERATE)
			// running a day calls the channel and replaces the stored run
			.require(HttpMethod.POST, "/api/v1/finance/channel-reconciliation", FINANCE_OPERATE)
			.require(HttpMethod.POST, "/api/v1/recharges", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/recharges/{rechargeNo}", ACCOUNTS)
			.require(HttpMethod.POST, "/api/v1/recharges/{rechargeNo}/refunds", ACCOUNTS)
			.require(HttpMethod.GET, "/api/v1/recharges/{rechargeNo}/refunds/{refundNo}", ACCOUNTS)
			.require(HttpMethod.POST, "/api/v1/recharges/{rechargeNo}/refunds/{refundNo}/resolution", FINANCE_OPERATE)
			// the notification outbox (tcc-support): finance reads it, an operator
			// re-drives a parked notification
			.require(HttpMethod.GET, "/api/v1/notifications", FINANCE_READ)
			.require(HttpMethod.POST, "/api/v1/notifications/{id}/retry", FINANCE_OPERATE)
			// the channel holds no token: the callback's signature is its door
			// (ChannelCallbackService)
			.open(HttpMethod.POST, "/api/v1/channels/{channel}/notifications")
			.build();
	}

}
