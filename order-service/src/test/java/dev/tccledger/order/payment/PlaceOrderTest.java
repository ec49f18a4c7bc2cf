package dev.tccledger.order.payment;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceOrderTest {

	static PlaceOrder.Leg leg(String account, long amount) {
		return new PlaceOrder.Leg(account, amount);
	}

	@Test
	void aSplitPaymentSumsItsLegs() {
		PlaceOrder order = new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", 2500), leg("bob", 500)));
		assertThat(order.amount()).isEqualTo(3000);
	}

	@Test
	void theFingerprintChangesWithAnyField() {
		String base = new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", 2500))).fingerprint();
		assertThat(new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", 2500))).fingerprint()).isEqualTo(base);
		assertThat(new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", 2501))).fingerprint()).isNotEqualTo(base);
		assertThat(new PlaceOrder("o-1", "shop2", "CNY", List.of(leg("alice", 2500))).fingerprint()).isNotEqualTo(base);
		assertThat(new PlaceOrder("o-1", "shop", "USD", List.of(leg("alice", 2500))).fingerprint()).isNotEqualTo(base);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 1_000_000_000_000_001L })
	void amountsOutsideTheRangeAreRefused(long amount) {
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", amount))));
	}

	@Test
	void badShapesAreRefused() {
		assertInvalid(() -> new PlaceOrder("o 1", "shop", "CNY", List.of(leg("alice", 1))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "XYZ", List.of(leg("alice", 1))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "cny", List.of(leg("alice", 1))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY", List.of()));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY", List.of(leg("alice", 1), leg("alice", 2))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY", List.of(leg("shop", 1))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY",
				List.of(leg("a", 600_000_000_000_000L), leg("b", 600_000_000_000_000L))));
		assertInvalid(() -> new PlaceOrder("o-1", "shop", "CNY",
				java.util.stream.IntStream.range(0, 11).mapToObj((i) -> leg("a" + i, 1)).toList()));
	}

	private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(OrderException.class,
				(ex) -> assertThat(ex.error()).isEqualTo(OrderError.VALIDATION_FAILED));
	}

}
