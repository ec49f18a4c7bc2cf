package dev.tccledger.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reads every end-to-end assertion rests on: an error answer or a missing figure must
 * fail the read, never read as 0 (which {@code isZero()} would then accept).
 */
class HttpResponseTest {

	@Test
	void anErrorAnswerFailsAReadThatExpectsSuccess() {
		Http.Response unavailable = response(503, "{\"code\":\"LEDGER_UNAVAILABLE\",\"available\":0}");
		assertThatThrownBy(() -> unavailable.expect(200)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected HTTP 200 but got 503");
		assertThat(response(200, "{}").expect(200).status()).isEqualTo(200);
	}

	@Test
	void aMissingOrNonNumericFieldIsNotZero() {
		assertThatThrownBy(() -> response(200, "{\"frozen\":5}").number("available")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("no number available");
		assertThatThrownBy(() -> response(200, "{\"available\":\"0\"}").number("available"))
			.isInstanceOf(AssertionError.class);
		assertThatThrownBy(() -> response(200, "{\"available\":null}").number("available"))
			.isInstanceOf(AssertionError.class);
		assertThat(response(200, "{\"available\":0}").number("available")).isZero();
	}

	private static Http.Response response(int status, String raw) {
		try {
			return new Http.Response(status, Http.JSON.readTree(raw), raw, "application/json");
		}
		catch (java.io.IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
