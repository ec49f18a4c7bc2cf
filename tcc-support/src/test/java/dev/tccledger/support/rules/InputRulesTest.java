package dev.tccledger.support.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRulesTest {

	static final class Refused extends RuntimeException {

		Refused(String detail) {
			super(detail);
		}

	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "o-1", "ORDER_2026.11:25",
			"0123456789012345678901234567890123456789012345678901234567890123" })
	void idsOfTheAllowedShapePass(String id) {
		assertThat(InputRules.requireId("orderNo", id, Refused::new)).isEqualTo(id);
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "o 1", "o/1", "ö", "x;drop",
			"01234567890123456789012345678901234567890123456789012345678901234" })
	void otherIdsAreRefusedThroughTheCallersError(String id) {
		assertThatThrownBy(() -> InputRules.requireId("orderNo", id, Refused::new)).isInstanceOf(Refused.class)
			.hasMessageStartingWith("orderNo must be 1-64 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "CNY", "USD", "EUR", "JPY" })
	void knownCurrenciesPass(String currency) {
		assertThat(InputRules.requireCurrency(currency, Refused::new)).isEqualTo(currency);
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "cny", "XYZ", "CN", "CNYY", "C1Y" })
	void otherCurrenciesAreRefused(String currency) {
		assertThatThrownBy(() -> InputRules.requireCurrency(currency, Refused::new)).isInstanceOf(Refused.class)
			.hasMessageContaining("ISO 4217");
	}

	@Test
	void amountsAreBoundedOnBothSides() {
		assertThat(InputRules.requireAmount("amount", 1, Refused::new)).isEqualTo(1);
		assertThat(InputRules.requireAmount("amount", 1_000_000_000_000_000L, Refused::new))
			.isEqualTo(1_000_000_000_000_000L);
		for (long refused : new long[] { 0, -1, Long.MIN_VALUE, 1_000_000_000_000_001L, Long.MAX_VALUE }) {
			assertThatThrownBy(() -> InputRules.requireAmount("legs[].amount", refused, Refused::new))
				.isInstanceOf(Refused.class)
				.hasMessageStartingWith("legs[].amount must be an integer in minor units");
		}
	}

}
