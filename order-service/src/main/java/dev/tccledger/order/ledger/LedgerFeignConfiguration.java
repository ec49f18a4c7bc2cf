package dev.tccledger.order.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.RequestInterceptor;
import feign.Retryer;
import feign.codec.ErrorDecoder;
import io.seata.core.context.RootContext;

import org.springframework.context.annotation.Bean;

/**
 * The ledger client's explicit options: the xid header, no retry of a try (a resent try
 * costs a duplicate branch; a timeout is resolved by rolling back instead), and
 * problem+json decoded into {@link LedgerRefusal}. Timeouts are in application.yml under
 * spring.cloud.openfeign.client.config.ledger-service.
 */
class LedgerFeignConfiguration {

	@Bean
	RequestInterceptor xidHeader() {
		return (template) -> {
			String xid = RootContext.getXID();
			if (xid != null) {
				template.header(RootContext.KEY_XID, xid);
			}
		};
	}

	@Bean
	Retryer neverRetry() {
		return Retryer.NEVER_RETRY;
	}

	@Bean
	ErrorDecoder problemDecoder(ObjectMapper json) {
		return (methodKey, response) -> LedgerRefusals.decode(json, response);
	}

}
