package dev.tccledger.support.outbox;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.sweep.ScheduledSweep;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepResult;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Sends the outbox's due notifications on the shared sweep skeleton (one instance sweeps
 * at a time under the {@code notifications} lease). Each row is also claimed on its own
 * by a conditional UPDATE of its lease before it is sent, so a dispatcher that stalls
 * past its sweep lease and the instance that takes over never send one row at the same
 * moment; the outcome is recorded only by the lease's holder. A dispatcher that dies
 * mid-send leaves the row's lease to expire and the next one sends it again with the same
 * event id: delivery is at least once, receivers dedupe on the id. Idle instances do not
 * touch the lease table: a run starts only when a row is due.
 */
public class NotificationDispatcher extends ScheduledSweep<NotificationStore.Due, NotificationDispatcher.Outcome>
		implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

	/** What one row's turn ended in. */
	public enum Outcome {

		SENT,
		/** Failed; due again after the backoff. */
		RETRY, PARKED,
		/** Another dispatcher holds it, or it is no longer due. */
		SKIPPED,
		/** Sent, but the lease was lost meanwhile: the new holder sends it again. */
		LEASE_LOST

	}

	/** The fault point between a row's claim and its delivery. */
	public static final String BEFORE_SEND = "NOTIFICATION_BEFORE_SEND";

	/**
	 * The fault point between a delivery and its record (the ledger's and order-service's
	 * fault lists name it).
	 */
	public static final String AFTER_SEND = "NOTIFICATION_AFTER_SEND";

	private final NotificationStore store;

	private final NotificationSender sender;

	private final RetryPolicy policy;

	private final SweepSettings settings;

	private final MeterRegistry meters;

	private final String owner;

	private final FaultPoints faults;

	private volatile ScheduledExecutorService thread;

	NotificationDispatcher(NotificationStore store, NotificationSender sender, RetryPolicy policy,
			SweepSettings settings, SweepLeases leases, MeterRegistry meters, String owner, FaultPoints faults) {
		super("notifications", settings, leases, meters, Outcome.class);
		this.store = store;
		this.sender = sender;
		this.policy = policy;
		this.settings = settings;
		this.meters = meters;
		this.owner = owner;
		this.faults = faults;
	}

	/**
	 * The same dispatcher as another instance would run it (its own owner for the sweep
	 * lease and the rows' leases): tests race two of them.
	 */
	public NotificationDispatcher asInstance(String otherOwner, SweepLeases otherLeases) {
		return new NotificationDispatcher(this.store, this.sender, this.policy, this.settings, otherLeases, this.meters,
				otherOwner, this.faults);
	}

	public String owner() {
		return this.owner;
	}

	/**
	 * One row's turn outside the sweep: claimed, sent and recorded exactly as in a sweep.
	 * Tests race it across dispatchers to show the row's own lease.
	 */
	public Outcome deliver(String id) {
		return this.store.due(id, NotificationStore.now()).map(this::handle).orElse(Outcome.SKIPPED);
	}

	@Override
	protected List<NotificationStore.Due> batch(LocalDateTime dueBy, int limit) {
		return this.store.due(dueBy, limit);
	}

	@Override
	protected Outcome handle(NotificationStore.Due row) {
		LocalDateTime claimedAt = NotificationStore.now();
		if (!this.store.claim(row.id(), this.owner, claimedAt, claimedAt.plus(this.settings.leaseTtl()))) {
			return Outcome.SKIPPED;
		}
		// a dispatcher stalled here holds the row's lease and has sent nothing
		this.faults.hit(BEFORE_SEND);
		RetryPolicy.Delivery delivery = this.sender.send(row);
		// a dispatcher dying here has delivered and recorded nothing: the row's lease
		// expires and another instance sends it again, with the same id
		this.faults.hit(AFTER_SEND);
		int attempts = row.attempts() + 1;
		RetryPolicy.Decision decision = this.policy.after(attempts, delivery, ThreadLocalRandom.current()::nextDouble);
		LocalDateTime now = NotificationStore.now();
		LocalDateTime next = (decision.status() == NotificationStatus.PENDING) ? now.plus(decision.retryAfter()) : null;
		Outcome outcome = switch (decision.status()) {
			case SENT -> Outcome.SENT;
			case PENDING -> Outcome.RETRY;
			case PARKED -> Outcome.PARKED;
		};
		count(row.type(), outcome);
		if (!this.store.record(row.id(), this.owner, decision.status(), attempts, next, delivery.detail(), now)) {
			log.warn("notification {}: lease lost during the attempt; its new holder sends it again", row.id());
			return Outcome.LEASE_LOST;
		}
		if (outcome == Outcome.PARKED) {
			log.warn("notification {} ({} {} to {}) parked after {} attempts: {}", row.id(), row.type(), row.channel(),
					row.destination(), attempts, delivery.detail());
		}
		return outcome;
	}

	@Override
	protected String xidOf(NotificationStore.Due row) {
		return null;
	}

	@Override
	protected Long branchIdOf(NotificationStore.Due row) {
		return null;
	}

	/**
	 * Not on the application's scheduler: its one thread also runs the payout worker and
	 * the sentinels, which a slow receiver (each send may take up to twice the timeout)
	 * must not hold up. The dispatcher has a thread of its own ({@link #start()}).
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
	}

	@Override
	public void start() {
		Duration period = this.settings.period();
		ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread t = new Thread(task, "notification-dispatcher");
			t.setDaemon(true);
			return t;
		});
		thread.scheduleWithFixedDelay(this::scheduled, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
		this.thread = thread;
	}

	@Override
	public void stop() {
		ScheduledExecutorService thread = this.thread;
		this.thread = null;
		if (thread != null) {
			thread.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void scheduled() {
		try {
			if (!this.store.anyDue(NotificationStore.now())) {
				return;
			}
			SweepResult<Outcome> result = sweepNow();
			if (result.count(Outcome.RETRY) + result.count(Outcome.PARKED) + result.failed() > 0) {
				log.info("notifications: {} rows examined, outcomes {}, {} failed", result.examined(),
						result.outcomes(), result.failed());
			}
		}
		catch (RuntimeException unavailable) {
			// the database is down: the rows stay due, the next period tries again
			log.warn("notifications: run skipped: {}", unavailable.toString());
		}
	}

	private void count(String type, Outcome outcome) {
		this.meters.counter("tcc.notifications", "type", type, "outcome", outcome.name().toLowerCase(Locale.ROOT))
			.increment();
	}

}
