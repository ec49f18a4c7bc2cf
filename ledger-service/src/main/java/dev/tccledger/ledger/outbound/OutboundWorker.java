package dev.tccledger.ledger.outbound;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.PaymentChannel;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the channel calls the tasks of every {@link OutboundKind} ask for (payouts of
 * withdrawals, refunds of recharges). Each due task is claimed with a lease (a
 * conditional UPDATE: one worker of all ledger instances wins it), its step is made
 * outside any transaction (a create, or a query after an unknown outcome), and the answer
 * is recorded, with the settlement it brings, in one transaction while the lease is still
 * held. A worker killed mid-step leaves the lease to expire; the next one repeats the
 * step, which the channel answers idempotently for the same operation number.
 * <p>
 * A call without an answer never releases the hold: it is retried with exponential
 * backoff and jitter, an unknown outcome is looked up by query, and after
 * {@code max-attempts} unanswered calls, or an operation the channel keeps PROCESSING
 * past {@code processing-limit-ms}, it goes to a person (NEEDS_ATTENTION). The settings
 * are {@code ledger.withdrawals.*} and hold for every kind.
 */
@Component
public class OutboundWorker {

	private static final Logger log = LoggerFactory.getLogger(OutboundWorker.class);

	/** How much of the channel's answers a task keeps (the column's width). */
	private static final int ANSWERS_KEPT = 2000;

	private final List<OutboundKind> kinds;

	private final OutboundMachine machine;

	private final List<PaymentChannel> channels;

	private final TxRunner tx;

	private final MeterRegistry meters;

	private final String owner = "outbound-worker-" + UUID.randomUUID();

	private final int maxAttempts;

	private final Duration firstQuery;

	private final Duration processingLimit;

	private final Duration backoffBase;

	private final Duration backoffMax;

	private final Duration lease;

	private final int batchSize;

	OutboundWorker(List<OutboundKind> kinds, OutboundMachine machine, List<PaymentChannel> channels, TxRunner tx,
			MeterRegistry meters, @Value("${ledger.withdrawals.max-attempts:8}") int maxAttempts,
			@Value("${ledger.withdrawals.first-query-ms:60000}") long firstQueryMs,
			@Value("${ledger.withdrawals.processing-limit-ms:3600000}") long processingLimitMs,
			@Value("${ledger.withdrawals.backoff-base-ms:1000}") long backoffBaseMs,
			@Value("${ledger.withdrawals.backoff-max-ms:300000}") long backoffMaxMs,
			@Value("${ledger.withdrawals.lease-ms:60000}") long leaseMs,
			@Value("${ledger.withdrawals.batch-size:50}") int batchSize) {
		this.kinds = kinds;
		this.machine = machine;
		this.channels = channels;
		this.tx = tx;
		this.meters = meters;
		this.maxAttempts = maxAttempts;
		this.firstQuery = Duration.ofMillis(firstQueryMs);
		this.processingLimit = Duration.ofMillis(processingLimitMs);
		this.backoffBase = Duration.ofMillis(backoffBaseMs);
		this.backoffMax = Duration.ofMillis(backoffMaxMs);
		this.lease = Duration.ofMillis(leaseMs);
		this.batchSize = batchSize;
	}

	@Scheduled(fixedDelayString = "${ledger.withdrawals.period-ms:1000}",
			initialDelayString = "${ledger.withdrawals.period-ms:1000}")
	void scheduled() {
		try {
			runOnce(this.owner);
		}
		catch (RuntimeException ex) {
			// the tasks stay due: the next run tries them again
			log.warn("outbound worker run failed: {}", ex.toString());
		}
	}

	/**
	 * One pass over the due tasks of every kind as worker {@code owner}: how many steps
	 * it made. Tests call it with distinct owners to stand for several ledger instances.
	 */
	public int runOnce(String owner) {
		if (this.channels.isEmpty()) {
			// no channel configured (an embedded run without one): nothing can be sent
			return 0;
		}
		int stepped = 0;
		for (OutboundKind kind : this.kinds) {
			stepped += run(kind, due(kind), owner);
		}
		return stepped;
	}

	/**
	 * The tasks of a kind due now that no live lease holds: candidates, each still to be
	 * claimed.
	 */
	public List<String> due(OutboundKind kind) {
		return this.machine.due(kind, Times.nowUtc(), this.batchSize);
	}

	/**
	 * Claims each candidate and makes its step; a candidate another worker claimed first
	 * is skipped. How many steps it made.
	 */
	public int run(OutboundKind kind, List<String> candidates, String owner) {
		int stepped = 0;
		for (String no : candidates) {
			LocalDateTime claimedAt = Times.nowUtc();
			if (!this.machine.claim(kind, no, owner, claimedAt.plus(this.lease), claimedAt)) {
				continue;
			}
			step(kind, no, owner);
			stepped++;
		}
		return stepped;
	}

	/** What one call to the channel came back with: an answer, none, or a failure. */
	private record Call(OutboundTask.Step step, ChannelAnswer answer, boolean unknownToChannel,
			ChannelCallFailure failure) {

		String describe() {
			if (this.failure != null) {
				return this.step + " " + this.failure.kind()
						+ ((this.failure.channelCode() != null) ? " " + this.failure.channelCode() : "");
			}
			if (this.unknownToChannel) {
				return this.step + " NOT_FOUND";
			}
			return this.step + " " + this.answer.status()
					+ ((this.answer.reason() != null) ? " " + this.answer.reason() : "");
		}

	}

	private void step(OutboundKind kind, String no, String owner) {
		OutboundTask task = this.machine.task(kind, no);
		Outbound op = kind.find(no);
		if (op.status() != OutboundStatus.PROCESSING) {
			// settled by a callback, or with a person: nothing left to send
			this.machine.finish(kind, no, Times.nowUtc());
			return;
		}
		PaymentChannel channel = channel(op.channel());
		if (channel == null) {
			// its channel is not configured here: the task stays leased until it expires
			log.warn("{} {}: no channel {} is configured", kind.operation(), no, op.channel());
			return;
		}
		Call call = call(kind, channel, task.nextStep(), op);
		count(kind, call);
		this.tx.inTransaction(() -> {
			record(kind, task, op, call, owner);
			return null;
		});
	}

	private PaymentChannel channel(String name) {
		return this.channels.stream().filter((c) -> c.name().equals(name)).findFirst().orElse(null);
	}

	private Call call(OutboundKind kind, PaymentChannel channel, OutboundTask.Step step, Outbound op) {
		try {
			if (step == OutboundTask.Step.SUBMIT) {
				return new Call(step, kind.create(channel, op.no()), false, null);
			}
			Optional<ChannelAnswer> known = channel.query(kind.operation(), op.no());
			return new Call(step, known.orElse(null), known.isEmpty(), null);
		}
		catch (ChannelCallFailure failure) {
			return new Call(step, null, false, failure);
		}
		catch (RuntimeException bug) {
			// an adapter that threw something else may have sent the request: the safe
			// reading is an unknown outcome
			log.warn("{} {} {}: the channel adapter failed: {}", kind.operation(), op.no(), step, bug.toString());
			return new Call(step, null, false,
					new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null, bug.toString(), bug));
		}
	}

	/**
	 * The call's result and what follows from it, in the caller's transaction: the task's
	 * next step, and the operation's transition when the call brought one.
	 */
	private void record(OutboundKind kind, OutboundTask task, Outbound op, Call call, String owner) {
		LocalDateTime now = Times.nowUtc();
		String answers = keepLatest(task.answers() + now + " " + call.describe() + "\n");
		boolean mayHaveReached = call.step() == OutboundTask.Step.QUERY || call.failure() == null
				|| call.failure().kind() != ChannelCallFailure.Kind.NOT_SENT;
		LocalDateTime sentAt = mayHaveReached ? now : null;
		LocalDateTime firstSent = (task.firstSentAt() != null) ? task.firstSentAt() : sentAt;
		int failedCalls = task.failedCalls();
		String no = op.no();

		if (call.answer() != null && !op.matches(call.answer())) {
			this.machine.recordCall(kind, no, owner, call.step(), null, 0, sentAt, answers, now);
			apply(kind, no, OutboundEvent.CHANNEL_MISMATCH,
					"CHANNEL_MISMATCH: the channel says " + call.answer().amount() + " " + call.answer().currency(),
					call.answer().channelTxId());
			return;
		}
		if (call.answer() != null && call.answer().status().isFinal()) {
			this.machine.recordCall(kind, no, owner, call.step(), null, 0, sentAt, answers, now);
			apply(kind, no, OutboundEvent.of(call.answer()), OutboundEvent.reasonOf(call.answer()),
					call.answer().channelTxId());
			return;
		}
		if (call.failure() != null && call.failure().kind() == ChannelCallFailure.Kind.REFUSED
				&& call.step() == OutboundTask.Step.SUBMIT) {
			// refused definitively: the channel moved nothing
			this.machine.recordCall(kind, no, owner, call.step(), null, 0, sentAt, answers, now);
			String reason = (call.failure().channelCode() != null) ? call.failure().channelCode() : "REFUSED";
			apply(kind, no, OutboundEvent.CHANNEL_FAILED, reason, null);
			return;
		}
		if (call.answer() != null) {
			// PROCESSING at the channel: its callback settles it, a query if that never
			// comes
			if (firstSent != null && Duration.between(firstSent, now).compareTo(this.processingLimit) > 0) {
				this.machine.recordCall(kind, no, owner, OutboundTask.Step.QUERY, null, 0, sentAt, answers, now);
				apply(kind, no, OutboundEvent.PROCESSING_TOO_LONG, "PROCESSING_TOO_LONG at the channel",
						call.answer().channelTxId());
				return;
			}
			Duration wait = (call.step() == OutboundTask.Step.SUBMIT) ? this.firstQuery
					: max(this.firstQuery, backoff(task.attempts()));
			this.machine.recordCall(kind, no, owner, OutboundTask.Step.QUERY, now.plus(jitter(wait)), 0, sentAt,
					answers, now);
			return;
		}
		if (call.unknownToChannel()) {
			// the create never arrived: send it again (the same number)
			this.machine.recordCall(kind, no, owner, OutboundTask.Step.SUBMIT, now, 0, sentAt, answers, now);
			return;
		}
		// no answer: keep the hold, try again later
		failedCalls++;
		apply(kind, no, OutboundEvent.SUBMIT_UNKNOWN, null, null);
		if (failedCalls >= this.maxAttempts) {
			this.machine.recordCall(kind, no, owner, call.step(), null, 1, sentAt, answers, now);
			apply(kind, no, OutboundEvent.RETRIES_EXHAUSTED,
					"RETRIES_EXHAUSTED: " + failedCalls + " calls without an answer, last " + call.describe(), null);
			return;
		}
		boolean unknown = call.step() == OutboundTask.Step.QUERY
				|| call.failure().kind() != ChannelCallFailure.Kind.NOT_SENT;
		Duration wait = backoff(failedCalls);
		if (unknown) {
			// it may have been executed: ask before sending again, within first-query
			wait = min(wait, this.firstQuery);
		}
		this.machine.recordCall(kind, no, owner, unknown ? OutboundTask.Step.QUERY : OutboundTask.Step.SUBMIT,
				now.plus(jitter(wait)), 1, sentAt, answers, now);
	}

	private void apply(OutboundKind kind, String no, OutboundEvent event, String reason, String channelTxId) {
		this.machine.apply(kind, no, event, reason, channelTxId, null, OutboundMachine.BY_WORKER, kind.workerActor());
	}

	/** base * 2^(n-1), at most the maximum. */
	Duration backoff(int n) {
		int shift = Math.min(Math.max(n - 1, 0), 20);
		Duration d = this.backoffBase.multipliedBy(1L << shift);
		return min(d, this.backoffMax);
	}

	/** Between half and all of the wait, so that tasks failed together spread out. */
	private static Duration jitter(Duration wait) {
		long ms = wait.toMillis();
		if (ms < 2) {
			return wait;
		}
		return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms - ms / 2 + 1));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static String keepLatest(String answers) {
		return (answers.length() <= ANSWERS_KEPT) ? answers : answers.substring(answers.length() - ANSWERS_KEPT);
	}

	/**
	 * ledger.payouts.calls, ledger.refunds.calls: every call and what it came back with.
	 */
	private void count(OutboundKind kind, Call call) {
		String outcome = (call.failure() != null) ? call.failure().kind().name()
				: call.unknownToChannel() ? "NOT_FOUND" : call.answer().status().name();
		this.meters
			.counter("ledger." + kind.operation().name().toLowerCase() + "s.calls", "step", call.step().name(),
					"outcome", outcome)
			.increment();
	}

}
