package dev.tccledger.ledger.withdrawal;

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
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.PaymentChannel;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the payouts the withdrawals' tasks ask for. Each due task is claimed with a lease
 * (a conditional UPDATE: one worker of all ledger instances wins it), its step is made
 * outside any transaction (a create, or a query after an unknown outcome), and the answer
 * is recorded, with the settlement it brings, in one transaction while the lease is still
 * held. A worker killed mid-step leaves the lease to expire; the next one repeats the
 * step, which the channel answers idempotently for the same withdrawal number.
 * <p>
 * A call without an answer never releases the hold: it is retried with exponential
 * backoff and jitter, an unknown outcome is looked up by query, and after
 * {@code max-attempts} unanswered calls, or a payout the channel keeps PROCESSING past
 * {@code processing-limit-ms}, the withdrawal goes to a person (NEEDS_ATTENTION).
 */
@Component
public class PayoutWorker {

	private static final Logger log = LoggerFactory.getLogger(PayoutWorker.class);

	/** How much of the channel's answers a task keeps (the column's width). */
	private static final int ANSWERS_KEPT = 2000;

	private final WithdrawalService withdrawals;

	private final WithdrawalMapper rows;

	private final ObjectProvider<PaymentChannel> channels;

	private final TxRunner tx;

	private final MeterRegistry meters;

	private final String owner = "payout-worker-" + UUID.randomUUID();

	private final int maxAttempts;

	private final Duration firstQuery;

	private final Duration processingLimit;

	private final Duration backoffBase;

	private final Duration backoffMax;

	private final Duration lease;

	private final int batchSize;

	PayoutWorker(WithdrawalService withdrawals, WithdrawalMapper rows, ObjectProvider<PaymentChannel> channels,
			TxRunner tx, MeterRegistry meters, @Value("${ledger.withdrawals.max-attempts:8}") int maxAttempts,
			@Value("${ledger.withdrawals.first-query-ms:60000}") long firstQueryMs,
			@Value("${ledger.withdrawals.processing-limit-ms:3600000}") long processingLimitMs,
			@Value("${ledger.withdrawals.backoff-base-ms:1000}") long backoffBaseMs,
			@Value("${ledger.withdrawals.backoff-max-ms:300000}") long backoffMaxMs,
			@Value("${ledger.withdrawals.lease-ms:60000}") long leaseMs,
			@Value("${ledger.withdrawals.batch-size:50}") int batchSize) {
		this.withdrawals = withdrawals;
		this.rows = rows;
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
			log.warn("payout worker run failed: {}", ex.toString());
		}
	}

	/**
	 * One pass over the due tasks as worker {@code owner}: how many steps it made. Tests
	 * call it with distinct owners to stand for several ledger instances.
	 */
	public int runOnce(String owner) {
		if (this.channels.getIfAvailable() == null) {
			// no channel configured (an embedded run without one): nothing can be paid
			// out
			return 0;
		}
		return run(due(), owner);
	}

	/**
	 * The tasks due now that no live lease holds: candidates, each still to be claimed.
	 */
	List<String> due() {
		return this.rows.due(Times.nowUtc(), this.batchSize);
	}

	/**
	 * Claims each candidate and makes its step; a candidate another worker claimed first
	 * is skipped. How many steps it made.
	 */
	int run(List<String> candidates, String owner) {
		PaymentChannel channel = this.channels.getIfAvailable();
		if (channel == null) {
			return 0;
		}
		int stepped = 0;
		for (String withdrawalNo : candidates) {
			LocalDateTime claimedAt = Times.nowUtc();
			if (this.rows.claim(withdrawalNo, owner, claimedAt.plus(this.lease), claimedAt) != 1) {
				continue;
			}
			step(withdrawalNo, owner, channel);
			stepped++;
		}
		return stepped;
	}

	/** What one call to the channel came back with: an answer, none, or a failure. */
	private record Call(PayoutTask.Step step, ChannelAnswer answer, boolean unknownToChannel,
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

	private void step(String withdrawalNo, String owner, PaymentChannel channel) {
		PayoutTask task = this.rows.findTask(withdrawalNo);
		Withdrawal withdrawal = this.rows.find(withdrawalNo);
		if (withdrawal.status() != WithdrawalStatus.PROCESSING) {
			// settled by a callback, or with a person: nothing left to send
			this.rows.finishTask(withdrawalNo, Times.nowUtc());
			return;
		}
		Call call = call(channel, task.nextStep(), withdrawal);
		count(call);
		this.tx.inTransaction(() -> {
			record(task, withdrawal, call, owner);
			return null;
		});
	}

	private Call call(PaymentChannel channel, PayoutTask.Step step, Withdrawal w) {
		try {
			if (step == PayoutTask.Step.SUBMIT) {
				return new Call(step, channel.createPayout(w.withdrawalNo(), w.amount(), w.currency(), w.destination()),
						false, null);
			}
			Optional<ChannelAnswer> known = channel.query(ChannelOperation.PAYOUT, w.withdrawalNo());
			return new Call(step, known.orElse(null), known.isEmpty(), null);
		}
		catch (ChannelCallFailure failure) {
			return new Call(step, null, false, failure);
		}
		catch (RuntimeException bug) {
			// an adapter that threw something else may have sent the request: the safe
			// reading is an unknown outcome
			log.warn("payout {} {}: the channel adapter failed: {}", w.withdrawalNo(), step, bug.toString());
			return new Call(step, null, false,
					new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null, bug.toString(), bug));
		}
	}

	/**
	 * The call's result and what follows from it, in the caller's transaction: the task's
	 * next step, and the withdrawal's transition when the call brought one.
	 */
	private void record(PayoutTask task, Withdrawal w, Call call, String owner) {
		LocalDateTime now = Times.nowUtc();
		String answers = keepLatest(task.answers() + now + " " + call.describe() + "\n");
		boolean mayHaveReached = call.step() == PayoutTask.Step.QUERY || call.failure() == null
				|| call.failure().kind() != ChannelCallFailure.Kind.NOT_SENT;
		LocalDateTime sentAt = mayHaveReached ? now : null;
		LocalDateTime firstSent = (task.firstSentAt() != null) ? task.firstSentAt() : sentAt;
		int failedCalls = task.failedCalls();
		String no = w.withdrawalNo();

		if (call.answer() != null && !PayoutEvents.matches(w, call.answer())) {
			this.rows.recordCall(no, owner, call.step(), null, 0, sentAt, answers, now);
			this.withdrawals.apply(no, WithdrawalEvent.CHANNEL_MISMATCH,
					"CHANNEL_MISMATCH: the channel says " + call.answer().amount() + " " + call.answer().currency(),
					call.answer().channelTxId(), null, WithdrawalService.BY_WORKER, WithdrawalService.PAYOUT_WORKER);
			return;
		}
		if (call.answer() != null && call.answer().status().isFinal()) {
			this.rows.recordCall(no, owner, call.step(), null, 0, sentAt, answers, now);
			this.withdrawals.apply(no, PayoutEvents.eventOf(call.answer()), PayoutEvents.reasonOf(call.answer()),
					call.answer().channelTxId(), null, WithdrawalService.BY_WORKER, WithdrawalService.PAYOUT_WORKER);
			return;
		}
		if (call.failure() != null && call.failure().kind() == ChannelCallFailure.Kind.REFUSED
				&& call.step() == PayoutTask.Step.SUBMIT) {
			// refused definitively: nothing was paid out
			this.rows.recordCall(no, owner, call.step(), null, 0, sentAt, answers, now);
			String reason = (call.failure().channelCode() != null) ? call.failure().channelCode() : "REFUSED";
			this.withdrawals.apply(no, WithdrawalEvent.CHANNEL_FAILED, reason, null, null, WithdrawalService.BY_WORKER,
					WithdrawalService.PAYOUT_WORKER);
			return;
		}
		if (call.answer() != null) {
			// PROCESSING at the channel: its callback settles it, a query if that never
			// comes
			if (firstSent != null && Duration.between(firstSent, now).compareTo(this.processingLimit) > 0) {
				this.rows.recordCall(no, owner, PayoutTask.Step.QUERY, null, 0, sentAt, answers, now);
				this.withdrawals.apply(no, WithdrawalEvent.PROCESSING_TOO_LONG, "PROCESSING_TOO_LONG at the channel",
						call.answer().channelTxId(), null, WithdrawalService.BY_WORKER,
						WithdrawalService.PAYOUT_WORKER);
				return;
			}
			Duration wait = (call.step() == PayoutTask.Step.SUBMIT) ? this.firstQuery
					: max(this.firstQuery, backoff(task.attempts()));
			this.rows.recordCall(no, owner, PayoutTask.Step.QUERY, now.plus(jitter(wait)), 0, sentAt, answers, now);
			return;
		}
		if (call.unknownToChannel()) {
			// the create never arrived: send it again (the same withdrawal number)
			this.rows.recordCall(no, owner, PayoutTask.Step.SUBMIT, now, 0, sentAt, answers, now);
			return;
		}
		// no answer: keep the hold, try again later
		failedCalls++;
		this.withdrawals.apply(no, WithdrawalEvent.SUBMIT_UNKNOWN, null, null, null, WithdrawalService.BY_WORKER,
				WithdrawalService.PAYOUT_WORKER);
		if (failedCalls >= this.maxAttempts) {
			this.rows.recordCall(no, owner, call.step(), null, 1, sentAt, answers, now);
			this.withdrawals.apply(no, WithdrawalEvent.RETRIES_EXHAUSTED,
					"RETRIES_EXHAUSTED: " + failedCalls + " calls without an answer, last " + call.describe(), null,
					null, WithdrawalService.BY_WORKER, WithdrawalService.PAYOUT_WORKER);
			return;
		}
		boolean unknown = call.step() == PayoutTask.Step.QUERY
				|| call.failure().kind() != ChannelCallFailure.Kind.NOT_SENT;
		Duration wait = backoff(failedCalls);
		if (unknown) {
			// it may have been executed: ask before sending again, within first-query
			wait = min(wait, this.firstQuery);
		}
		this.rows.recordCall(no, owner, unknown ? PayoutTask.Step.QUERY : PayoutTask.Step.SUBMIT,
				now.plus(jitter(wait)), 1, sentAt, answers, now);
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

	private void count(Call call) {
		String outcome = (call.failure() != null) ? call.failure().kind().name()
				: call.unknownToChannel() ? "NOT_FOUND" : call.answer().status().name();
		this.meters.counter("ledger.payouts.calls", "step", call.step().name(), "outcome", outcome).increment();
	}

}
