package dev.tccledger.ledger.finance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.StatementLine;

/**
 * A channel's statement of one day against the ledger's operations: the whole decision of
 * what is a difference, with no database or channel in reach (docs/architecture.md,
 * channel reconciliation). Operations are compared by what they did to money: moved
 * (SUCCEEDED), moved nothing (FAILED, EXPIRED), or not known yet (the ledger's PENDING,
 * PROCESSING, NEEDS_ATTENTION).
 */
final class StatementMatcher {

	private StatementMatcher() {
	}

	enum Difference {

		/** On the statement, but the ledger has no such operation at this channel. */
		ONLY_AT_CHANNEL,
		/**
		 * The ledger recorded the money as moved at the channel that day, and neither
		 * this statement nor the previous day's lists it.
		 */
		ONLY_IN_LEDGER,
		/** Both have it, for another amount or currency. */
		AMOUNT,
		/**
		 * Both have it, but the money moved on one side only, or the ledger is still
		 * waiting for an outcome the channel has settled.
		 */
		STATUS,
		/** The statement lists the operation more than once. */
		DUPLICATE

	}

	enum Money {

		MOVED, NOTHING, OPEN;

		static Money ofLedger(String status) {
			return switch (status) {
				case "SUCCEEDED" -> MOVED;
				case "FAILED", "EXPIRED" -> NOTHING;
				default -> OPEN;
			};
		}

		static Money ofChannel(ChannelStatus status) {
			return switch (status) {
				case SUCCEEDED -> MOVED;
				case FAILED, EXPIRED -> NOTHING;
				case PROCESSING -> OPEN;
			};
		}

	}

	/** An operation as the ledger holds it; {@code status} is the ledger's own. */
	record LedgerOperation(ChannelOperation operation, String reference, String channelTxId, long amount,
			String currency, String status) {

		Key key() {
			return new Key(this.operation, this.reference);
		}

	}

	record Key(ChannelOperation operation, String reference) {

		static Key of(StatementLine line) {
			return new Key(line.operation(), line.reference());
		}

	}

	/** One difference, with both sides as far as they exist. */
	record Item(Difference difference, ChannelOperation operation, String reference, String channelTxId,
			Long ledgerAmount, String ledgerCurrency, String ledgerStatus, Long channelAmount, String channelCurrency,
			ChannelStatus channelStatus, Instant channelSettledAt) {

		static Item of(Difference difference, StatementLine line, LedgerOperation ledger) {
			return new Item(difference, line.operation(), line.reference(), line.channelTxId(),
					(ledger != null) ? ledger.amount() : null, (ledger != null) ? ledger.currency() : null,
					(ledger != null) ? ledger.status() : null, line.amount(), line.currency(), line.status(),
					line.settledAt());
		}

		static Item onlyInLedger(LedgerOperation ledger) {
			return new Item(Difference.ONLY_IN_LEDGER, ledger.operation(), ledger.reference(), ledger.channelTxId(),
					ledger.amount(), ledger.currency(), ledger.status(), null, null, null, null);
		}

	}

	record Result(int statementLines, int matched, List<Item> differences) {

		List<Item> of(Difference... kinds) {
			return only(this.differences, kinds);
		}

	}

	static List<Item> only(List<Item> items, Difference... kinds) {
		Set<Difference> wanted = Set.of(kinds);
		return items.stream().filter((item) -> wanted.contains(item.difference())).toList();
	}

	/**
	 * Whether the previous day's statement is needed: only when an operation the ledger
	 * settled that day is missing from the day's statement (the channel may have settled
	 * it just before midnight, the ledger learned it just after).
	 */
	static boolean needsPreviousDay(List<StatementLine> statement, Collection<LedgerOperation> settledThatDay) {
		Set<Key> listed = new HashSet<>();
		statement.forEach((line) -> listed.add(Key.of(line)));
		return settledThatDay.stream().anyMatch((op) -> !listed.contains(op.key()));
	}

	/**
	 * @param statement the channel's statement of the day
	 * @param ledger the ledger's operations named on the statement, by key (absent: the
	 * ledger has none at this channel)
	 * @param settledThatDay the ledger's operations whose money it recorded as moved at
	 * the channel on that day
	 * @param previousDay the operations on the previous day's statement (empty when not
	 * {@link #needsPreviousDay needed})
	 */
	static Result match(List<StatementLine> statement, Map<Key, LedgerOperation> ledger,
			Collection<LedgerOperation> settledThatDay, Set<Key> previousDay) {
		List<Item> differences = new ArrayList<>();
		Set<Key> listed = new HashSet<>();
		int matched = 0;
		for (StatementLine line : statement) {
			Key key = Key.of(line);
			LedgerOperation ours = ledger.get(key);
			if (!listed.add(key)) {
				differences.add(Item.of(Difference.DUPLICATE, line, ours));
			}
			else if (ours == null) {
				differences.add(Item.of(Difference.ONLY_AT_CHANNEL, line, null));
			}
			else if (ours.amount() != line.amount() || !ours.currency().equals(line.currency())) {
				differences.add(Item.of(Difference.AMOUNT, line, ours));
			}
			else if (Money.ofLedger(ours.status()) != Money.ofChannel(line.status())) {
				differences.add(Item.of(Difference.STATUS, line, ours));
			}
			else {
				matched++;
			}
		}
		Set<Key> reported = new HashSet<>();
		for (LedgerOperation ours : settledThatDay) {
			Key key = ours.key();
			// only money the ledger moved can be missing at the channel: an operation
			// that
			// moved nothing, or whose outcome is still open, is on no statement yet
			if (Money.ofLedger(ours.status()) == Money.MOVED && !listed.contains(key) && !previousDay.contains(key)
					&& reported.add(key)) {
				differences.add(Item.onlyInLedger(ours));
			}
		}
		return new Result(statement.size(), matched, differences);
	}

}
