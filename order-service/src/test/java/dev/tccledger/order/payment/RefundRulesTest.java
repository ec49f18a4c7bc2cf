package dev.tccledger.order.payment;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.order.ledger.FreezeRecord;
import dev.tccledger.order.payment.OrderRules.Decision;
import dev.tccledger.order.payment.OrderRules.Event;
import dev.tccledger.order.payment.OrderRules.Fit;
import dev.tccledger.order.payment.OrderRules.Outcome;
import dev.tccledger.order.payment.OrderRules.Settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which orders may be refunded, the split across legs, the refund record's table. */
class RefundRulesTest {

	@ParameterizedTest(name = "{0}, {1} paid, {2} refunded, {3} asked -> {4}")
	@CsvSource(nullValues = "", textBlock = """
			PENDING, 1000,    0,    1, ORDER_NOT_PAID
			FAILED,  1000,    0,    1, ORDER_NOT_PAID
			PAID,    1000,    0, 1000,
			PAID,    1000,    0, 1001, REFUND_EXCEEDS_PAID
			PAID,    1000,  400,  600,
			PAID,    1000,  400,  601, REFUND_EXCEEDS_PAID
			PAID,    1000, 1000,    1, REFUND_EXCEEDS_PAID
			""")
	void admission(OrderStatus status, long amount, long refunded, long asked, OrderError refusal) {
		assertThat(RefundRules.admit(status, amount, refunded, asked)).isEqualTo(refusal);
	}

	@ParameterizedTest(name = "{0}, {1} paid, {2} refunded -> {3}")
	@CsvSource(textBlock = """
			PENDING, 1000,    0, PENDING
			FAILED,  1000,    0, FAILED
			PAID,    1000,    0, PAID
			PAID,    1000,    1, PARTIALLY_REFUNDED
			PAID,    1000,  999, PARTIALLY_REFUNDED
			PAID,    1000, 1000, REFUNDED
			""")
	void whatAClientSees(OrderStatus status, long amount, long refunded, String shown) {
		assertThat(RefundRules.shownStatus(status, amount, refunded)).isEqualTo(shown);
	}

	@ParameterizedTest(name = "{1} over {0} -> {2}")
	@CsvSource(delimiter = ';', textBlock = """
			100 100 100; 1;    1 0 0
			100 100 100; 2;    2 0 0
			100 100 100; 300;  100 100 100
			1 1 1;       1;    1 0 0
			2500 500;    1000; 834 166
			2500 500;    999;  833 166
			333 333 334; 500;  167 166 167
			1 2 2;       4;    1 2 1
			0 7 3;       5;    0 4 1
			5;           3;    3
			""")
	void theSplitIsProportionalWithTheRemainderToTheFirstLeg(String left, long amount, String expected) {
		long[] shares = RefundRules.split(longs(left), amount);
		assertThat(shares).containsExactly(longs(expected));
	}

	@Test
	void nothingIsSplitBeyondWhatIsLeft() {
		assertThat(RefundRules.split(new long[] { 1, 1 }, 3)).isNull();
		assertThat(RefundRules.split(new long[] { 0, 0 }, 1)).isNull();
	}

	@Test
	void theLargestAmountsSplitWithoutOverflow() {
		long max = 1_000_000_000_000_000L;
		assertThat(RefundRules.split(new long[] { max / 2, max / 2 }, max - 1)).containsExactly(max / 2, max / 2 - 1);
	}

	/** Any split adds up to the amount and gives no leg more than it has left. */
	@Test
	void everySplitAddsUpAndStaysWithinEachLeg() {
		Random random = new Random(13);
		for (int round = 0; round < 10_000; round++) {
			long[] left = LongStream.generate(() -> random.nextInt(1_000)).limit(1 + random.nextInt(10)).toArray();
			long total = LongStream.of(left).sum();
			if (total == 0) {
				continue;
			}
			long amount = 1 + (long) random.nextInt((int) total);
			long[] shares = RefundRules.split(left, amount);
			assertThat(LongStream.of(shares).sum()).as(Arrays.toString(left) + " " + amount).isEqualTo(amount);
			for (int i = 0; i < left.length; i++) {
				assertThat(shares[i]).as(Arrays.toString(left) + " " + amount).isBetween(0L, left[i]);
			}
		}
	}

	@Test
	void namedLegsMustHavePaidAndHaveEnoughLeft() {
		List<String> payers = List.of("alice", "bob");
		long[] left = { 300, 200 };
		assertThat(RefundRules.named(payers, left, List.of(leg("bob", 200), leg("alice", 1)))).containsExactly(1, 200);
		assertThatThrownBy(() -> RefundRules.named(payers, left, List.of(leg("carol", 1)))).isInstanceOfSatisfying(
				OrderException.class, (ex) -> assertThat(ex.error()).isEqualTo(OrderError.ORDER_NOT_PAID));
		assertThatThrownBy(() -> RefundRules.named(payers, left, List.of(leg("bob", 201)))).isInstanceOfSatisfying(
				OrderException.class, (ex) -> assertThat(ex.error()).isEqualTo(OrderError.REFUND_EXCEEDS_PAID));
	}

	@Test
	void aRequestsLegsMustAddUpToItsAmountOncePerAccount() {
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 10, "damaged", List.of(leg("alice", 9))));
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 10, "damaged", List.of(leg("a", 5), leg("a", 5))));
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 10, "damaged", List.of()));
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 10, " ", null));
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 10, "x".repeat(201), null));
		assertInvalid(() -> new RefundRequest("rf 1", "o-1", 10, "damaged", null));
		assertInvalid(() -> new RefundRequest("rf-1", "o-1", 0, "damaged", null));
		String base = new RefundRequest("rf-1", "o-1", 10, "damaged", null).fingerprint();
		assertThat(new RefundRequest("rf-1", "o-1", 10, "damaged", null).fingerprint()).isEqualTo(base);
		assertThat(new RefundRequest("rf-1", "o-1", 11, "damaged", null).fingerprint()).isNotEqualTo(base);
		assertThat(new RefundRequest("rf-1", "o-1", 10, "lost", null).fingerprint()).isNotEqualTo(base);
		assertThat(new RefundRequest("rf-1", "o-1", 10, "damaged", List.of(leg("alice", 10))).fingerprint())
			.isNotEqualTo(base);
	}

	/**
	 * The refund record's table is the order's with SUCCEEDED for PAID: every cell
	 * (OrderRulesTest pins the order's) and the ones a refund lives by.
	 */
	@Test
	void theRefundsTableIsTheOrdersWithSucceededForPaid() {
		for (Event event : Event.values()) {
			for (RefundStatus status : RefundStatus.values()) {
				for (Fit fit : Fit.values()) {
					Decision order = OrderRules.decide(status.asOrderStatus(), fit, event);
					assertThat(RefundRules.decide(status, fit, event)).isEqualTo(order);
				}
			}
			assertThat(RefundRules.decide(null, null, event)).isEqualTo(OrderRules.decide(null, null, event));
		}
		assertThat(RefundRules.decide(RefundStatus.PENDING, Fit.THIS_BRANCH, Event.CONFIRM))
			.isEqualTo(Decision.apply(OrderStatus.PAID));
		assertThat(RefundRules.decide(RefundStatus.SUCCEEDED, Fit.THIS_BRANCH, Event.CONFIRM).outcome())
			.isEqualTo(Outcome.ALREADY);
		assertThat(RefundRules.decide(RefundStatus.SUCCEEDED, Fit.THIS_BRANCH, Event.CANCEL).outcome())
			.isEqualTo(Outcome.CONFLICT);
		assertThat(RefundRules.decide(RefundStatus.FAILED, Fit.THIS_BRANCH, Event.CONFIRM).outcome())
			.isEqualTo(Outcome.CONFLICT);
		assertThat(RefundRules.decide(RefundStatus.PENDING, Fit.THIS_XID_UNBOUND, Event.CANCEL))
			.isEqualTo(Decision.apply(OrderStatus.FAILED));
	}

	@ParameterizedTest
	@EnumSource(RefundStatus.class)
	void aRefundStatusMapsToTheOrdersAndBack(RefundStatus status) {
		assertThat(RefundStatus.of(status.asOrderStatus())).isEqualTo(status);
	}

	private static RefundRequest.Leg leg(String account, long amount) {
		return new RefundRequest.Leg(account, amount);
	}

	private static long[] longs(String spaced) {
		return Arrays.stream(spaced.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
	}

	private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(OrderException.class,
				(ex) -> assertThat(ex.error()).isEqualTo(OrderError.VALIDATION_FAILED));
	}

	private static FreezeRecord freeze(String kind, String refundNo, String xid, String status) {
		return new FreezeRecord(1, xid, 7, kind, "o-1", refundNo, "alice", 10, status);
	}

	private static List<FreezeRecord> legsOfR1(String statuses) {
		return Arrays.stream(statuses.split(" ")).map((s) -> freeze("REFUND", "r-1", "x-1", s)).toList();
	}

	@ParameterizedTest(name = "{0} legs, freezes {1} -> {2}")
	@CsvSource(textBlock = """
			1, CONFIRMED,                     PAY
			2, CONFIRMED CONFIRMED,           PAY
			2, CONFIRMED DUPLICATE CONFIRMED, PAY
			1, CANCELLED,                     FAIL
			2, CANCELLED CANCELLED,           FAIL
			2, CANCELLED DUPLICATE,           FAIL
			2, CONFIRMED CANCELLED,           FOR_A_PERSON
			1, TRIED,                         WAIT
			2, TRIED CONFIRMED,               WAIT
			2, TRIED CANCELLED,               WAIT
			""")
	void theSentinelSettlesARefundFromItsLedgerBranches(int legs, String statuses, Settlement settlement) {
		assertThat(RefundRules.settle("r-1", "x-1", legs, legsOfR1(statuses))).isEqualTo(settlement);
	}

	@Test
	void onlyThisRefundsBranchesInItsTransactionCount() {
		// the order's payment, another refund of the order and an earlier transaction of
		// the same refund are freezes of the same order: none of them moves this refund
		List<FreezeRecord> others = List.of(freeze("PAYMENT", null, "x-0", "CONFIRMED"),
				freeze("REFUND", "r-2", "x-2", "TRIED"), freeze("REFUND", "r-2", "x-2", "CONFIRMED"),
				freeze("REFUND", "r-1", "x-old", "TRIED"));
		assertThat(RefundRules.settle("r-1", "x-1", 1, others)).isEqualTo(Settlement.FAIL);
		List<FreezeRecord> withMine = new java.util.ArrayList<>(others);
		withMine.add(freeze("REFUND", "r-1", "x-1", "CONFIRMED"));
		assertThat(RefundRules.settle("r-1", "x-1", 1, withMine)).isEqualTo(Settlement.PAY);
		assertThat(RefundRules.settle("r-1", "x-1", 2, withMine)).isEqualTo(Settlement.FOR_A_PERSON);
	}

	@ParameterizedTest
	@EnumSource(value = Event.class, names = { "CONFIRM", "CANCEL" })
	void phaseTwoWithoutABranchIdSettlesARefundWhoseBranchNeverJoined(Event event) {
		// the sentinel passes Seata's "no branch" (-1) for a refund that never bound one
		Refund unbound = Refund.expectedPending("r-1", "x-1", null);
		Decision decision = unbound.decide(event, "x-1", -1L);
		assertThat(decision.outcome()).isEqualTo(Outcome.APPLY);
		assertThat(RefundStatus.of(decision.target()))
			.isEqualTo((event == Event.CONFIRM) ? RefundStatus.SUCCEEDED : RefundStatus.FAILED);
		Refund bound = Refund.expectedPending("r-1", "x-1", 42L);
		assertThat(bound.decide(event, "x-1", 42L).outcome()).isEqualTo(Outcome.APPLY);
		assertThat(bound.decide(event, "x-2", 42L).outcome()).isNotEqualTo(Outcome.APPLY);
	}

}
