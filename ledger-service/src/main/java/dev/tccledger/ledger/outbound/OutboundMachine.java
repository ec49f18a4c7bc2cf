package dev.tccledger.ledger.outbound;

import java.time.LocalDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelNotification;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.stereotype.Service;

/**
 * Applies the state table to an operation of any kind, and keeps its task. Each event is
 * a loop: decide from the state read, make the transition with a write that only succeeds
 * from that state, and post its money when it did. A write that changed nothing means
 * another event moved the operation first: read it and decide again.
 */
@Service
public class OutboundMachine {

	private static final Logger log = LoggerFactory.getLogger(OutboundMachine.class);

	/** Who an operation's postings are made through (journal_tx.created_by). */
	public static final String BY_API = "API";

	public static final String BY_WORKER = "WORKER";

	public static final String BY_CALLBACK = "CALLBACK";

	public static final String BY_OPERATOR = "OPERATOR";

	public static final Actor CHANNEL_CALLBACK = Actor.of("channel-callback");

	/** An operation moves at most twice (PROCESSING, NEEDS_ATTENTION, settled). */
	private static final int MAX_DECISIONS = 3;

	private final OutboundTaskMapper tasks;

	private final TxRunner tx;

	OutboundMachine(OutboundTaskMapper tasks, TxRunner tx) {
		this.tasks = tasks;
		this.tx = tx;
	}

	/** What one event did, and the operation after it. */
	public record Applied(OutboundTransition transition, Outbound operation) {
	}

	/** The task of a new operation, in the caller's (the hold's) transaction. */
	public void createTask(OutboundKind kind, String no, LocalDateTime now) {
		this.tasks.insert(kind.taskTable(), kind.taskKey(), no, now);
	}

	public OutboundTask task(OutboundKind kind, String no) {
		return this.tasks.find(kind.taskTable(), kind.taskKey(), no);
	}

	/** One event in its own transaction. */
	public Applied settle(OutboundKind kind, String no, OutboundEvent event, String reason, String channelTxId,
			String by, Actor actor) {
		return this.tx.inTransaction(() -> apply(kind, no, event, reason, channelTxId, null, by, actor));
	}

	/**
	 * An operator settles an operation that needs attention, after finding out at the
	 * channel what became of it. Refused (verdict REFUSED, nothing changed) in any other
	 * state.
	 */
	public Applied resolve(OutboundKind kind, String no, boolean succeeded, String note, Actor operator) {
		OutboundEvent event = succeeded ? OutboundEvent.RESOLVED_SUCCEEDED : OutboundEvent.RESOLVED_FAILED;
		Applied applied = this.tx.inTransaction(
				() -> apply(kind, no, event, succeeded ? null : "RESOLVED_FAILED", null, note, BY_OPERATOR, operator));
		if (applied.transition().changesState()) {
			log.warn("{} {} of {} resolved {} by {}: {}", kind.operation(), no, applied.operation().amount(), event,
					operator, note);
		}
		return applied;
	}

	/** One event on one operation, in the caller's transaction. */
	public Applied apply(OutboundKind kind, String no, OutboundEvent event, String reason, String channelTxId,
			String note, String by, Actor actor) {
		Outbound row = found(kind, no);
		for (int decision = 1; decision <= MAX_DECISIONS; decision++) {
			OutboundTransition transition = OutboundRules.decide(event, row.status());
			LocalDateTime now = Times.nowUtc();
			if (!transition.changesState()) {
				if (transition.verdict() == OutboundTransition.Verdict.CONTRADICTS) {
					kind.flag(no, event + " after " + row.status() + " (" + by + ")", now);
					log.warn("{} {}: {} contradicts its final state {}: nothing moved, flagged for finance",
							kind.operation(), no, event, row.status());
				}
				return new Applied(transition, row);
			}
			if (kind.move(no, row.status(), transition.target(), actor.name(), reason, channelTxId, note, now) == 1) {
				kind.post(row, transition.movement(), by, actor);
				if (transition.target() != OutboundStatus.PROCESSING) {
					this.tasks.finish(kind.taskTable(), kind.taskKey(), no, now);
				}
				if (transition.target() == OutboundStatus.SUCCEEDED || transition.target() == OutboundStatus.FAILED) {
					kind.announce(row, transition.target());
				}
				return new Applied(transition, found(kind, no));
			}
			row = found(kind, no);
		}
		throw new CannotAcquireLockException(kind.operation() + " " + no + " kept changing under " + event);
	}

	/**
	 * A verified callback about an operation of this kind. One that does not match the
	 * operation it names (unknown number, another channel, amount or currency) changes
	 * nothing.
	 */
	public ChannelEventHandler.HandlingResult handle(OutboundKind kind, ChannelNotification notification) {
		ChannelAnswer answer = notification.answer();
		Outbound op = (answer.reference() != null) ? kind.find(answer.reference()) : null;
		if (op == null || !op.channel().equals(notification.channel())) {
			log.warn("{} callback {} from {} names nothing of ours: {}", kind.operation(), notification.eventId(),
					notification.channel(), answer.reference());
			return ChannelEventHandler.HandlingResult.REJECTED;
		}
		if (!op.matches(answer)) {
			log.warn("{} callback {} for {} says {} {}, the ledger holds {} {}: nothing changed", kind.operation(),
					notification.eventId(), op.no(), answer.amount(), answer.currency(), op.amount(), op.currency());
			return ChannelEventHandler.HandlingResult.REJECTED;
		}
		if (!answer.status().isFinal()) {
			return ChannelEventHandler.HandlingResult.NOT_FINAL;
		}
		Applied applied = settle(kind, op.no(), OutboundEvent.of(answer), OutboundEvent.reasonOf(answer),
				answer.channelTxId(), BY_CALLBACK, CHANNEL_CALLBACK);
		return switch (applied.transition().verdict()) {
			case APPLIED -> ChannelEventHandler.HandlingResult.SETTLED;
			case ALREADY -> ChannelEventHandler.HandlingResult.ALREADY_SETTLED;
			case CONTRADICTS, REFUSED -> ChannelEventHandler.HandlingResult.REJECTED;
			case IGNORED -> ChannelEventHandler.HandlingResult.NOT_FINAL;
		};
	}

	private static Outbound found(OutboundKind kind, String no) {
		Outbound row = kind.find(no);
		if (row == null) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no " + kind.operation() + " " + no);
		}
		return row;
	}

	// --- the worker's side of the task ---

	List<String> due(OutboundKind kind, LocalDateTime now, int limit) {
		return this.tasks.due(kind.taskTable(), kind.taskKey(), now, limit);
	}

	boolean claim(OutboundKind kind, String no, String owner, LocalDateTime until, LocalDateTime now) {
		return this.tasks.claim(kind.taskTable(), kind.taskKey(), no, owner, until, now) == 1;
	}

	void recordCall(OutboundKind kind, String no, String owner, OutboundTask.Step step, LocalDateTime nextAttemptAt,
			int failed, LocalDateTime sentAt, String answers, LocalDateTime now) {
		this.tasks.recordCall(kind.taskTable(), kind.taskKey(), no, owner, step, nextAttemptAt, failed, sentAt, answers,
				now);
	}

	void finish(OutboundKind kind, String no, LocalDateTime now) {
		this.tasks.finish(kind.taskTable(), kind.taskKey(), no, now);
	}

}
