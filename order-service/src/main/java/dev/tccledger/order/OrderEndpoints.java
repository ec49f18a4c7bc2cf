package dev.tccledger.order;

import dev.tccledger.support.security.EndpointScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The scope each order-service endpoint needs (docs/security.md); tcc-support adds
 * health, metrics and the fault endpoint, and refuses every request no row names.
 */
@Configuration(proxyBeanMethods = false)
class OrderEndpoints {

	@Bean
	EndpointScopes orderEndpointScopes() {
		return EndpointScopes.builder()
			.require(HttpMethod.POST, "/api/v1/orders", "orders:write")
			.require(HttpMethod.GET, "/api/v1/orders/{orderNo}", "orders:read")
			// a refund changes an order, like placing it
			.require(HttpMethod.POST, "/api/v1/orders/{orderNo}/refunds", "orders:write")
			// settles other callers' orders from the TC's and the ledger's record
			.require(HttpMethod.POST, "/api/v1/recovery/sweeps", "finance:operate")
			// the notification outbox (tcc-support): finance reads it, an operator
			// re-drives
			// a parked notification
			.require(HttpMethod.GET, "/api/v1/notifications", "finance:read")
			.require(HttpMethod.POST, "/api/v1/notifications/{id}/retry", "finance:operate")
			.build();
	}

}
