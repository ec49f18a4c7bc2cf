package dev.tccledger.ledger.outbound;

import java.time.LocalDateTime;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.PaymentChannel;

/**
 * One kind of outbound operation (a withdrawal's payout, a recharge's refund): the little
 * that differs between kinds. The state table ({@link OutboundRules}), the loop that
 * applies it ({@link OutboundMachine}) and the worker that drives the channel
 * ({@link OutboundWorker}) are the same for every kind.
 */
public interface OutboundKind {

	/** What the channel is asked for; also the metric's and the log's name. */
	ChannelOperation operation();

	/** The kind's task table, and its key column (a constant, never input). */
	String taskTable();

	String taskKey();

	/** The worker's and the callbacks' actor for this kind. */
	Actor workerActor();

	/** The operation, or null when there is none by that number. */
	Outbound find(String no);

	/** The channel's create, idempotent on the operation's number. */
	ChannelAnswer create(PaymentChannel channel, String no) throws ChannelCallFailure;

	/**
	 * The one write of every transition, only from {@code from}: 0 when another event
	 * moved it first. {@code reason}, {@code channelTxId} and {@code note} are kept when
	 * null.
	 */
	int move(String no, OutboundStatus from, OutboundStatus to, String settledBy, String reason, String channelTxId,
			String note, LocalDateTime now);

	void flag(String no, String flag, LocalDateTime now);

	/** The journal transaction of a movement (CAPTURE or RELEASE) of this operation. */
	void post(Outbound operation, OutboundMovement movement, String by, Actor actor);

	/**
	 * Tells people the operation settled (SUCCEEDED or FAILED), in the transaction of
	 * that transition: a notification in the outbox (docs/architecture.md,
	 * notifications). Nothing by default.
	 */
	default void announce(Outbound operation, OutboundStatus settled) {
	}

}
