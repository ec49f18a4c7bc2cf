package dev.tccledger.ledger.finance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.StatementLine;
import dev.tccledger.ledger.finance.StatementMatcher.Difference;
import dev.tccledger.ledger.finance.StatementMatcher.Item;
import dev.tccledger.ledger.finance.StatementMatcher.Key;
import dev.tccledger.ledger.finance.StatementMatcher.LedgerOperation;

import static dev.tccledger.ledger.channel.ChannelOperation.PAYMENT;
import static dev.tccledger.ledger.channel.ChannelOperation.PAYOUT;
import static dev.tccledger.ledger.channel.ChannelOperation.REFUND;
import static dev.tccledger.ledger.channel.ChannelStatus.EXPIRED;
import static dev.tccledger.ledger.channel.ChannelStatus.FAILED;
import static dev.tccledger.ledger.channel.ChannelStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every kind of difference, what is not one, and the day's edges: an operation the
 * channel settled just before midnight and the ledger learned just after, and one still
 * open at the ledger.
 */
class StatementMatcherTest {

	static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");

	static StatementLine line(ChannelOperation operation, String reference, long amount, ChannelStatus status) {
		return new StatementLine(operation, reference, "ch_" + reference, amount, "CNY", status, NOON);
	}

	static LedgerOperation ours(ChannelOperation operation, String reference, long amount, String status) {
		return new LedgerOperation(operation, reference, "ch_" + reference, amount, "CNY", status);
	}

	static Map<Key, LedgerOperation> byKey(LedgerOperation... operations) {
		return List.of(operations).stream().collect(Collectors.toMap(LedgerOperation::key, Function.identity()));
	}

	static StatementMatcher.Result match(List<StatementLine> statement, Map<Key, LedgerOperation> ledger) {
		return StatementMatcher.match(statement, ledger, List.of(), Set.of());
	}

	@Test
	void operationsThatMovedTheSameMoneyOnBothSidesMatch() {
		StatementMatcher.Result result = match(
				List.of(line(PAYMENT, "r-1", 5000, SUCCEEDED), line(PAYOUT, "w-1", 300, SUCCEEDED),
						line(PAYOUT, "w-2", 400, FAILED), line(PAYMENT, "r-2", 700, EXPIRED),
						// moved nothing on either side: the kind of "nothing" does not
						// matter
						line(PAYMENT, "r-3", 800, FAILED)),
				byKey(ours(PAYMENT, "r-1", 5000, "SUCCEEDED"), ours(PAYOUT, "w-1", 300, "SUCCEEDED"),
						ours(PAYOUT, "w-2", 400, "FAILED"), ours(PAYMENT, "r-2", 700, "EXPIRED"),
						ours(PAYMENT, "r-3", 800, "EXPIRED")));

		assertThat(result.statementLines()).isEqualTo(5);
		assertThat(result.matched()).isEqualTo(5);
		assertThat(result.differences()).isEmpty();
	}

	@Test
	void aLineTheLedgerDoesNotKnowIsOnlyAtTheChannel() {
		StatementMatcher.Result result = match(
				List.of(line(PAYMENT, "r-1", 5000, SUCCEEDED), line(REFUND, "rf-1", 100, SUCCEEDED)),
				// same reference, another operation: not the same thing
				byKey(ours(PAYOUT, "r-1", 5000, "SUCCEEDED")));

		assertThat(result.matched()).isZero();
		assertThat(result.differences()).containsExactly(
				new Item(Difference.ONLY_AT_CHANNEL, PAYMENT, "r-1", "ch_r-1", null, null, null, 5000L, "CNY",
						SUCCEEDED, NOON),
				new Item(Difference.ONLY_AT_CHANNEL, REFUND, "rf-1", "ch_rf-1", null, null, null, 100L, "CNY",
						SUCCEEDED, NOON));
	}

	@Test
	void anotherAmountOrCurrencyIsAnAmountDifferenceWithBothSides() {
		StatementLine otherCurrency = new StatementLine(PAYOUT, "w-2", "ch_w-2", 300, "USD", SUCCEEDED, NOON);
		StatementMatcher.Result result = match(List.of(line(PAYOUT, "w-1", 301, SUCCEEDED), otherCurrency),
				byKey(ours(PAYOUT, "w-1", 300, "SUCCEEDED"), ours(PAYOUT, "w-2", 300, "SUCCEEDED")));

		assertThat(result.differences()).containsExactly(
				new Item(Difference.AMOUNT, PAYOUT, "w-1", "ch_w-1", 300L, "CNY", "SUCCEEDED", 301L, "CNY", SUCCEEDED,
						NOON),
				new Item(Difference.AMOUNT, PAYOUT, "w-2", "ch_w-2", 300L, "CNY", "SUCCEEDED", 300L, "USD", SUCCEEDED,
						NOON));
	}

	@Test
	void moneyMovedOnOneSideOnlyIsAStatusDifference() {
		assertStatusDifferences("FAILED", "SUCCEEDED", "EXPIRED");
	}

	@Test
	void anOutcomeTheChannelSettledButTheLedgerStillWaitsForIsAStatusDifference() {
		assertStatusDifferences("PROCESSING", "NEEDS_ATTENTION", "PENDING");
	}

	/**
	 * The channel: w-1 paid out, w-2 failed, r-1 paid; the ledger: each in the status
	 * given, all three STATUS differences with both sides.
	 */
	static void assertStatusDifferences(String w1, String w2, String r1) {
		StatementMatcher.Result result = match(
				List.of(line(PAYOUT, "w-1", 300, SUCCEEDED), line(PAYOUT, "w-2", 300, FAILED),
						line(PAYMENT, "r-1", 500, SUCCEEDED)),
				byKey(ours(PAYOUT, "w-1", 300, w1), ours(PAYOUT, "w-2", 300, w2), ours(PAYMENT, "r-1", 500, r1)));

		assertThat(result.matched()).isZero();
		assertThat(result.differences())
			.extracting(Item::difference, Item::reference, Item::ledgerStatus, Item::channelStatus)
			.containsExactly(tuple(Difference.STATUS, "w-1", w1, SUCCEEDED),
					tuple(Difference.STATUS, "w-2", w2, FAILED), tuple(Difference.STATUS, "r-1", r1, SUCCEEDED));
	}

	@Test
	void aLineListedTwiceIsADuplicateAfterItsFirstMatch() {
		StatementMatcher.Result result = match(
				List.of(line(PAYOUT, "w-1", 300, SUCCEEDED), line(PAYOUT, "w-1", 300, SUCCEEDED)),
				byKey(ours(PAYOUT, "w-1", 300, "SUCCEEDED")));

		assertThat(result.matched()).isEqualTo(1);
		assertThat(result.differences()).extracting(Item::difference, Item::reference)
			.containsExactly(tuple(Difference.DUPLICATE, "w-1"));
	}

	@Test
	void moneyTheLedgerMovedThatDayMissingFromBothStatementsIsOnlyInTheLedger() {
		LedgerOperation paidOut = ours(PAYOUT, "w-1", 300, "SUCCEEDED");
		LedgerOperation credited = ours(PAYMENT, "r-1", 500, "SUCCEEDED");
		StatementMatcher.Result result = StatementMatcher.match(List.of(line(PAYMENT, "r-1", 500, SUCCEEDED)),
				byKey(credited), List.of(paidOut, credited), Set.of(new Key(PAYMENT, "r-9")));

		assertThat(result.matched()).isEqualTo(1);
		assertThat(result.differences()).containsExactly(new Item(Difference.ONLY_IN_LEDGER, PAYOUT, "w-1", "ch_w-1",
				300L, "CNY", "SUCCEEDED", null, null, null, null));
	}

	@Test
	void settledAtTheChannelBeforeMidnightAndLearnedAfterIsOnThePreviousDaysStatementNotADifference() {
		LedgerOperation lateCallback = ours(PAYOUT, "w-1", 300, "SUCCEEDED");
		List<StatementLine> today = List.of(line(PAYMENT, "r-1", 500, SUCCEEDED));

		assertThat(StatementMatcher.needsPreviousDay(today, List.of(lateCallback))).isTrue();
		StatementMatcher.Result result = StatementMatcher.match(today, byKey(ours(PAYMENT, "r-1", 500, "SUCCEEDED")),
				List.of(lateCallback), Set.of(new Key(PAYOUT, "w-1")));

		assertThat(result.differences()).isEmpty();
		assertThat(result.matched()).isEqualTo(1);
	}

	@Test
	void thePreviousDayIsNotNeededWhenEverythingTheLedgerSettledIsOnTheDaysStatement() {
		LedgerOperation paidOut = ours(PAYOUT, "w-1", 300, "SUCCEEDED");
		assertThat(StatementMatcher.needsPreviousDay(List.of(line(PAYOUT, "w-1", 300, SUCCEEDED)), List.of(paidOut)))
			.isFalse();
		assertThat(StatementMatcher.needsPreviousDay(List.of(), List.of())).isFalse();
	}

	@Test
	void anOperationStillOpenOrThatMovedNothingIsNoDifferenceWhileNoStatementListsIt() {
		StatementMatcher.Result result = StatementMatcher.match(List.of(), Map.of(),
				List.of(ours(PAYOUT, "w-1", 300, "PROCESSING"), ours(PAYOUT, "w-2", 300, "NEEDS_ATTENTION"),
						ours(PAYMENT, "r-1", 500, "PENDING"), ours(PAYOUT, "w-3", 300, "FAILED"),
						ours(PAYMENT, "r-2", 500, "EXPIRED")),
				Set.of());

		assertThat(result.differences()).isEmpty();
		assertThat(result.matched()).isZero();
	}

	@Test
	void anOperationOnTheStatementAndSettledThatDayIsCountedOnce() {
		LedgerOperation paidOut = ours(PAYOUT, "w-1", 300, "SUCCEEDED");
		StatementMatcher.Result result = StatementMatcher.match(
				List.of(line(PAYOUT, "w-1", 300, SUCCEEDED), line(PAYOUT, "w-2", 300, SUCCEEDED)),
				byKey(paidOut, ours(PAYOUT, "w-2", 300, "SUCCEEDED")),
				List.of(paidOut, paidOut, ours(PAYOUT, "w-3", 1, "SUCCEEDED"), ours(PAYOUT, "w-3", 1, "SUCCEEDED")),
				Set.of());

		assertThat(result.matched()).isEqualTo(2);
		assertThat(result.differences()).extracting(Item::difference, Item::reference)
			.containsExactly(tuple(Difference.ONLY_IN_LEDGER, "w-3"));
	}

	@Test
	void theListsAreSplitByKind() {
		StatementMatcher.Result result = match(
				List.of(line(PAYMENT, "r-1", 1, SUCCEEDED), line(PAYOUT, "w-1", 2, SUCCEEDED),
						line(PAYOUT, "w-2", 3, FAILED)),
				byKey(ours(PAYOUT, "w-1", 3, "SUCCEEDED"), ours(PAYOUT, "w-2", 3, "SUCCEEDED")));

		assertThat(result.of(Difference.ONLY_AT_CHANNEL)).extracting(Item::reference).containsExactly("r-1");
		assertThat(result.of(Difference.AMOUNT, Difference.STATUS)).extracting(Item::reference)
			.containsExactly("w-1", "w-2");
	}

}
