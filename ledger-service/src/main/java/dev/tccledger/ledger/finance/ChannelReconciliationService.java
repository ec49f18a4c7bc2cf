package dev.tccledger.ledger.finance;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatements;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.StatementLine;
import dev.tccledger.ledger.finance.StatementMatcher.Difference;
import dev.tccledger.ledger.finance.StatementMatcher.Item;
import dev.tccledger.ledger.finance.StatementMatcher.Key;
import dev.tccledger.ledger.finance.StatementMatcher.LedgerOperation;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each channel's statement of a day against the ledger's recharges, withdrawals and
 * refunds at that channel ({@link StatementMatcher} decides), stored per channel and day
 * for finance. Differences are listed, never acted on. A day is claimed before it is run,
 * so two ledger instances never run one day at once: the scheduled run takes only a day
 * nobody has run to the end, a run asked for by a person takes any day not being run at
 * that moment, and a holder that died is taken over once its lease passes.
 */
@Service
public class ChannelReconciliationService {

	private static final Logger log = LoggerFactory.getLogger(ChannelReconciliationService.class);

	/** The scheduled run's actor. */
	static final Actor SCHEDULE = Actor.of("channel-reconciliation");

	/** References per lookup query. */
	private static final int CHUNK = 500;

	private final ChannelReconciliationMapper runs;

	private final Map<String, ChannelStatements> statements;

	private final TxRunner tx;

	private final TransactionTemplate snapshot;

	private final MeterRegistry meters;

	private final ZoneId zone;

	private final Duration lease;

	private final int catchUpDays;

	private final String owner;

	/**
	 * A view of one run, as finance reads it; times UTC. {@code stored} is false for a
	 * day no run has finished yet, matched at the moment of reading and kept nowhere.
	 */
	public record View(String channel, LocalDate date, int statementLines, int matched, List<Item> onlyAtChannel,
			List<Item> onlyInLedger, List<Item> mismatched, int runs, String ranBy, Instant ranAt, boolean stored) {
	}

	@Autowired
	ChannelReconciliationService(ChannelReconciliationMapper runs, List<ChannelStatements> statements, TxRunner tx,
			PlatformTransactionManager transactionManager, MeterRegistry meters,
			@Value("${ledger.channel-reconciliation.zone:UTC}") String zone,
			@Value("${ledger.channel-reconciliation.lease-ms:600000}") long leaseMs,
			@Value("${ledger.channel-reconciliation.catch-up-days:7}") int catchUpDays) {
		this(runs, statements, tx, transactionManager, meters, ZoneId.of(zone), Duration.ofMillis(leaseMs), catchUpDays,
				instanceId());
	}

	ChannelReconciliationService(ChannelReconciliationMapper runs, List<ChannelStatements> statements, TxRunner tx,
			PlatformTransactionManager transactionManager, MeterRegistry meters, ZoneId zone, Duration lease,
			int catchUpDays, String owner) {
		this.runs = runs;
		this.statements = new LinkedHashMap<>();
		for (ChannelStatements s : statements) {
			if (this.statements.put(s.channel(), s) != null) {
				throw new IllegalStateException("two statements for the channel " + s.channel());
			}
		}
		this.tx = tx;
		// the ledger's side of a run is read in one snapshot, so an operation settling
		// meanwhile is seen in one state only
		this.snapshot = new TransactionTemplate(transactionManager);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
		this.meters = meters;
		this.zone = zone;
		this.lease = lease;
		this.catchUpDays = Math.max(1, catchUpDays);
		this.owner = owner;
	}

	/**
	 * The last finished run of a day; for a day no run has finished, the statement
	 * matched now and stored nowhere (a read must not settle a day the schedule has yet
	 * to run, least of all today, whose statement is still growing).
	 */
	public View get(String channel, LocalDate day, Actor reader) {
		ChannelStatements source = requireChannel(channel);
		ChannelReconciliationMapper.Run run = this.runs.find(channel, day);
		if (run == null || run.finishedAt() == null) {
			requireBegun(day);
			try {
				StatementMatcher.Result result = match(source, day);
				count(channel, "read", "finished");
				return view(channel, day, result.statementLines(), result.matched(), result.differences(), 0,
						reader.name(), Instant.now(), false);
			}
			catch (ChannelCallFailure unavailable) {
				count(channel, "read", "failed");
				throw unavailable(channel, day, unavailable);
			}
		}
		List<Item> items = this.runs.items(channel, day).stream().map(ChannelReconciliationService::item).toList();
		return view(channel, day, run.statementLines(), run.matched(), items, run.runs(), run.ranBy(),
				Times.instant(run.finishedAt()), true);
	}

	private static View view(String channel, LocalDate day, int lines, int matched, List<Item> items, int runs,
			String ranBy, Instant ranAt, boolean stored) {
		return new View(channel, day, lines, matched, StatementMatcher.only(items, Difference.ONLY_AT_CHANNEL),
				StatementMatcher.only(items, Difference.ONLY_IN_LEDGER),
				StatementMatcher.only(items, Difference.AMOUNT, Difference.STATUS, Difference.DUPLICATE), runs, ranBy,
				ranAt, stored);
	}

	private void requireBegun(LocalDate day) {
		if (day.isAfter(LocalDate.now(this.zone))) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"date " + day + " has not begun in " + this.zone + ": it has no statement yet");
		}
	}

	private static LedgerException unavailable(String channel, LocalDate day, ChannelCallFailure cause) {
		return new LedgerException(LedgerError.CHANNEL_UNAVAILABLE,
				"the statement of channel " + channel + " for " + day + " could not be had: " + cause.getMessage());
	}

	/**
	 * Runs a day now, for a person: replaces the day's stored result. 409 while another
	 * run of that day holds its claim; 503 when the channel's statement cannot be had
	 * (nothing is stored then).
	 */
	public View run(String channel, LocalDate day, Actor actor) {
		ChannelStatements source = requireChannel(channel);
		requireBegun(day);
		if (!claim(channel, day, true)) {
			count(channel, "manual", "claimed_elsewhere");
			throw new LedgerException(LedgerError.RECONCILIATION_RUNNING,
					"the reconciliation of channel " + channel + " for " + day + " is running elsewhere");
		}
		execute(source, day, actor, "manual");
		return get(channel, day, actor);
	}

	/**
	 * The scheduled run, on {@code today} in the reconciliation's zone: yesterday and the
	 * days before it (up to {@code catch-up-days}) that no run has finished, each on one
	 * instance only. A failure of one day (the channel not answering) is left for the
	 * next schedule. Answers how many days this instance ran to the end.
	 */
	public int runDue(LocalDate today) {
		int finished = 0;
		for (ChannelStatements source : this.statements.values()) {
			for (int back = 1; back <= this.catchUpDays; back++) {
				LocalDate day = today.minusDays(back);
				if (!claim(source.channel(), day, false)) {
					continue;
				}
				try {
					execute(source, day, SCHEDULE, "scheduled");
					finished++;
				}
				catch (RuntimeException failed) {
					log.warn("scheduled reconciliation of channel {} for {} failed, left for the next schedule: {}",
							source.channel(), day, failed.getMessage());
				}
			}
		}
		return finished;
	}

	/** The zone whose days the statements and the ledger's operations are cut into. */
	ZoneId zone() {
		return this.zone;
	}

	private ChannelStatements requireChannel(String channel) {
		ChannelStatements source = this.statements.get(channel);
		if (source == null) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no channel " + channel + " has a statement");
		}
		return source;
	}

	private boolean claim(String channel, LocalDate day, boolean rerun) {
		LocalDateTime now = Times.nowUtc();
		LocalDateTime until = now.plus(this.lease);
		try {
			this.tx.inTransaction(() -> {
				this.runs.insertClaim(channel, day, this.owner, until, now);
				return null;
			});
			return true;
		}
		catch (DuplicateKeyException claimedBefore) {
			return this.tx.inTransaction(() -> this.runs.takeClaim(channel, day, this.owner, until, now, rerun)) == 1;
		}
	}

	private void execute(ChannelStatements source, LocalDate day, Actor actor, String trigger) {
		String channel = source.channel();
		try {
			StatementMatcher.Result result = match(source, day);
			store(channel, day, result, actor);
			count(channel, trigger, "finished");
			for (Difference kind : Difference.values()) {
				this.meters
					.counter("ledger.channel.reconciliation.differences", "channel", channel, "kind", kind.name())
					.increment(result.of(kind).size());
			}
			log.info("reconciled channel {} for {} ({}): {} lines, {} matched, {} differences", channel, day, trigger,
					result.statementLines(), result.matched(), result.differences().size());
		}
		catch (ChannelCallFailure unavailable) {
			release(channel, day, trigger);
			throw unavailable(channel, day, unavailable);
		}
		catch (RuntimeException failed) {
			release(channel, day, trigger);
			throw failed;
		}
	}

	/** The day's statement against the ledger, read in one snapshot; stores nothing. */
	private StatementMatcher.Result match(ChannelStatements source, LocalDate day) throws ChannelCallFailure {
		List<StatementLine> statement = source.statement(day);
		Reads reads = this.snapshot.execute((status) -> read(source.channel(), day, statement));
		Set<Key> previousDay = new HashSet<>();
		if (StatementMatcher.needsPreviousDay(statement, reads.settledThatDay())) {
			source.statement(day.minusDays(1)).forEach((line) -> previousDay.add(Key.of(line)));
		}
		return StatementMatcher.match(statement, reads.byKey(), reads.settledThatDay(), previousDay);
	}

	private record Reads(Map<Key, LedgerOperation> byKey, List<LedgerOperation> settledThatDay) {
	}

	private Reads read(String channel, LocalDate day, List<StatementLine> statement) {
		Map<Key, LedgerOperation> byKey = new HashMap<>();
		Map<ChannelOperation, List<String>> references = statement.stream()
			.collect(Collectors.groupingBy(StatementLine::operation,
					Collectors.mapping(StatementLine::reference, Collectors.toList())));
		references.forEach((operation, refs) -> ChannelBooks.of(operation).ifPresent((books) -> {
			List<String> distinct = refs.stream().distinct().toList();
			for (int from = 0; from < distinct.size(); from += CHUNK) {
				List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
				this.runs.byReferences(books, channel, chunk).forEach((op) -> byKey.put(op.key(), op));
			}
		}));
		LocalDateTime from = LocalDateTime.ofInstant(day.atStartOfDay(this.zone).toInstant(), ZoneOffset.UTC);
		LocalDateTime to = LocalDateTime.ofInstant(day.plusDays(1).atStartOfDay(this.zone).toInstant(), ZoneOffset.UTC);
		List<LedgerOperation> settled = new ArrayList<>();
		for (ChannelBooks books : ChannelBooks.ALL) {
			settled.addAll(this.runs.settledBetween(books, channel, from, to));
		}
		return new Reads(byKey, settled);
	}

	private void store(String channel, LocalDate day, StatementMatcher.Result result, Actor actor) {
		this.tx.inTransaction(() -> {
			// the claim's row first: it is locked from here, and a run that lost its
			// claim
			// (it outlived its lease and another took over) writes nothing
			if (this.runs.finish(channel, day, this.owner, result, result.of(Difference.ONLY_AT_CHANNEL).size(),
					result.of(Difference.ONLY_IN_LEDGER).size(),
					result.of(Difference.AMOUNT, Difference.STATUS, Difference.DUPLICATE).size(), actor.name(),
					Times.nowUtc()) != 1) {
				throw new LedgerException(LedgerError.RECONCILIATION_RUNNING, "the reconciliation of channel " + channel
						+ " for " + day + " was taken over by another run: its result stands");
			}
			this.runs.deleteItems(channel, day);
			int seq = 0;
			for (Item item : result.differences()) {
				this.runs.insertItem(channel, day, ++seq, item, (item.channelSettledAt() != null)
						? LocalDateTime.ofInstant(item.channelSettledAt(), ZoneOffset.UTC) : null);
			}
			return null;
		});
	}

	private void release(String channel, LocalDate day, String trigger) {
		count(channel, trigger, "failed");
		try {
			this.tx.inTransaction(() -> this.runs.releaseClaim(channel, day, this.owner, Times.nowUtc()));
		}
		catch (RuntimeException ex) {
			// the lease runs out by itself
			log.warn("could not release the claim on {} {}: {}", channel, day, ex.getMessage());
		}
	}

	private void count(String channel, String trigger, String result) {
		this.meters
			.counter("ledger.channel.reconciliation.runs", "channel", channel, "trigger", trigger, "result", result)
			.increment();
	}

	private static Item item(ChannelReconciliationMapper.ItemRow row) {
		return new Item(Difference.valueOf(row.difference()), row.operation(), row.reference(), row.channelTxId(),
				row.ledgerAmount(), row.ledgerCurrency(), row.ledgerStatus(), row.channelAmount(),
				row.channelCurrency(),
				(row.channelStatus() != null) ? ChannelStatus.valueOf(row.channelStatus()) : null,
				Times.instant(row.channelSettledAt()));
	}

	private static String instanceId() {
		String id = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8);
		return (id.length() <= 128) ? id : id.substring(id.length() - 128);
	}

}
