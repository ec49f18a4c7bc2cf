package dev.tccledger.support.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointScopesTest {

	EndpointScopes table = EndpointScopes.platform()
		.then(EndpointScopes.builder()
			.require(HttpMethod.POST, "/api/v1/accounts", "ledger:accounts")
			.require(HttpMethod.GET, "/api/v1/accounts/{id}/**", "ledger:accounts")
			.require(HttpMethod.GET, "/api/v1/freezes", "ledger:pay", "finance:read")
			.build());

	@Test
	void theFirstMatchingRowDecides() {
		assertThat(this.table.find(HttpMethod.GET, "/api/v1/freezes").orElseThrow().anyOf())
			.containsExactly("ledger:pay", "finance:read");
		assertThat(this.table.find(HttpMethod.GET, "/api/v1/accounts/alice/journal").orElseThrow().anyOf())
			.containsExactly("ledger:accounts");
	}

	@Test
	void healthIsOpenAndMetricsAndFaultsHaveTheirOwnScopes() {
		assertThat(this.table.find(HttpMethod.GET, "/actuator/health").orElseThrow().open()).isTrue();
		assertThat(this.table.find(HttpMethod.GET, "/actuator/health/liveness").orElseThrow().open()).isTrue();
		assertThat(this.table.find(HttpMethod.GET, "/actuator/prometheus").orElseThrow().anyOf())
			.containsExactly("ops:metrics");
		assertThat(this.table.find(HttpMethod.PUT, "/api/v1/faults/LEDGER_TRY_AFTER_COMMIT").orElseThrow().anyOf())
			.containsExactly("ops:faults");
		assertThat(this.table.find(HttpMethod.DELETE, "/api/v1/faults").orElseThrow().anyOf())
			.containsExactly("ops:faults");
	}

	@Test
	void whatNoRowNamesIsRefused() {
		assertThat(this.table.find(HttpMethod.DELETE, "/api/v1/accounts")).isEmpty();
		assertThat(this.table.find(HttpMethod.GET, "/api/v1/accounts")).isEmpty();
		assertThat(this.table.find(HttpMethod.POST, "/actuator/health")).isEmpty();
		assertThat(this.table.find(HttpMethod.GET, "/actuator/env")).isEmpty();
	}

	@Test
	void aClosedRowWithoutScopesCannotBeWritten() {
		assertThatThrownBy(() -> EndpointScopes.builder().require(HttpMethod.GET, "/x"))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
