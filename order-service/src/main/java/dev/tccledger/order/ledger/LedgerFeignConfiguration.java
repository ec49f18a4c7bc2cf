package dev.tccledger.order.ledger;

import java.util.Collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.RequestInterceptor;
import feign.Retryer;
import feign.codec.ErrorDecoder;
import io.seata.core.context.RootContext;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * The ledger client's explicit options: the xid header, order-service's own bearer token
 * ({@link TokenSource}), no retry of a try except once after a rejected token (a resent
 * try costs a duplicate branch; a timeout is resolved by rolling back instead), and
 * problem+json decoded into {@link LedgerRefusal}. Timeouts are in application.yml under
 * spring.cloud.openfeign.client.config.ledger-service.
 */
class LedgerFeignConfiguration {

	static final String BEARER = "Bearer ";

	// Headers are replaced, not added: a retried call runs the interceptors again on the
	// same request template.

	@Bean
	RequestInterceptor xidHeader() {
		return (template) -> {
			String xid = RootContext.getXID();
			template.removeHeader(RootContext.KEY_XID);
			if (xid != null) {
				template.header(RootContext.KEY_XID, xid);
			}
		};
	}

	/**
	 * A token that cannot be obtained fails the call here, before anything is sent
	 * ({@code ISSUER_UNAVAILABLE}).
	 */
	@Bean
	RequestInterceptor bearerToken(TokenSource tokens) {
		return (template) -> {
			String token = tokens.token();
			template.removeHeader(HttpHeaders.AUTHORIZATION);
			template.header(HttpHeaders.AUTHORIZATION, BEARER + token);
		};
	}

	@Bean
	Retryer retryRejectedTokenOnce() {
		return new RetryRejectedTokenOnce();
	}

	@Bean
	ErrorDecoder problemDecoder(ObjectMapper json, TokenSource tokens) {
		return (methodKey, response) -> {
			LedgerRefusal refusal = LedgerRefusals.decode(json, response);
			if (response.status() != 401) {
				return refusal;
			}
			String sent = sentToken(response.request().headers().get(HttpHeaders.AUTHORIZATION));
			if (sent != null) {
				tokens.rejected(sent);
			}
			return new RejectedToken(response, refusal);
		};
	}

	private static String sentToken(Collection<String> authorization) {
		if (authorization == null) {
			return null;
		}
		return authorization.stream()
			.filter((value) -> value.startsWith(BEARER))
			.map((value) -> value.substring(BEARER.length()))
			.findFirst()
			.orElse(null);
	}

}
