package dev.tccledger.ledger.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelNotification;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.PaymentChannel;

import org.springframework.context.annotation.Primary;

/**
 * The channel {@code sim} as a test scripts it, for payments, payouts and refunds alike:
 * what the ledger meets at a real channel (an answer, a refusal, a call that never
 * arrived or was never answered, a reference it does not know).
 * <p>
 * Creates take the next scripted reply, else answer PROCESSING; a create that answered
 * makes the reference known to the channel. Queries take the answer put for their
 * reference ({@link #answerQuery}), else the next scripted reply, else PROCESSING for a
 * known reference and nothing for an unknown one. Counts the calls per reference.
 * <p>
 * A test context takes it with {@code @Import(ScriptedChannel.class)} and
 * {@code ledger.channels.sim.client=fake} (the simulator's HTTP client stays out, the
 * callback door stays real).
 */
@Primary
public class ScriptedChannel implements PaymentChannel {

	public static final String NAME = "sim";

	/** What one call does: answer (null: the channel does not know it) or throw. */
	@FunctionalInterface
	public interface Reply {

		ChannelAnswer answer(ChannelOperation operation, String reference, long amount, String currency)
				throws ChannelCallFailure;

	}

	private final ConcurrentLinkedDeque<Reply> creates = new ConcurrentLinkedDeque<>();

	private final ConcurrentLinkedDeque<Reply> queries = new ConcurrentLinkedDeque<>();

	private final Map<String, ChannelAnswer> queryAnswers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> createCalls = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> queryCalls = new ConcurrentHashMap<>();

	/** What each create was for, by reference: the amount a query answers with. */
	private final Map<String, ChannelAnswer> asked = new ConcurrentHashMap<>();

	/** References whose create the channel answered. */
	private final Map<String, Boolean> known = new ConcurrentHashMap<>();

	private final AtomicInteger allCreates = new AtomicInteger();

	private volatile CountDownLatch createGate;

	@Override
	public String name() {
		return NAME;
	}

	/** Forgets the scripts (not what the channel knows). */
	public void reset() {
		this.creates.clear();
		this.queries.clear();
		this.createGate = null;
	}

	public ScriptedChannel onCreate(Reply... replies) {
		this.creates.addAll(List.of(replies));
		return this;
	}

	public ScriptedChannel onQuery(Reply... replies) {
		this.queries.addAll(List.of(replies));
		return this;
	}

	/** Every query of this reference answers this, until {@link #forget}. */
	public void answerQuery(ChannelOperation operation, String reference, ChannelStatus status, long amount,
			String reason) {
		this.queryAnswers.put(reference, answer(operation, reference, amount, "CNY", status, reason));
	}

	/** The channel no longer knows the reference: its queries answer nothing. */
	public void forget(String reference) {
		this.known.remove(reference);
		this.queryAnswers.remove(reference);
	}

	/** Creates wait for this gate to open (at most 10 s): to make two workers overlap. */
	public void holdCreates(CountDownLatch gate) {
		this.createGate = gate;
	}

	public int creates(String reference) {
		AtomicInteger n = this.createCalls.get(reference);
		return (n != null) ? n.get() : 0;
	}

	public int creates() {
		return this.allCreates.get();
	}

	public int queries(String reference) {
		AtomicInteger n = this.queryCalls.get(reference);
		return (n != null) ? n.get() : 0;
	}

	@Override
	public ChannelAnswer createPayment(String reference, long amount, String currency) throws ChannelCallFailure {
		return create(ChannelOperation.PAYMENT, reference, amount, currency);
	}

	@Override
	public ChannelAnswer createPayout(String reference, long amount, String currency, String destination)
			throws ChannelCallFailure {
		return create(ChannelOperation.PAYOUT, reference, amount, currency);
	}

	@Override
	public ChannelAnswer createRefund(String reference, String paymentReference, long amount, String currency)
			throws ChannelCallFailure {
		return create(ChannelOperation.REFUND, reference, amount, currency);
	}

	private ChannelAnswer create(ChannelOperation operation, String reference, long amount, String currency)
			throws ChannelCallFailure {
		this.allCreates.incrementAndGet();
		this.createCalls.computeIfAbsent(reference, (r) -> new AtomicInteger()).incrementAndGet();
		this.asked.put(reference, answer(operation, reference, amount, currency, ChannelStatus.PROCESSING, null));
		CountDownLatch gate = this.createGate;
		if (gate != null) {
			try {
				gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Reply reply = this.creates.poll();
		ChannelAnswer answer = ((reply != null) ? reply : processing()).answer(operation, reference, amount, currency);
		if (answer != null) {
			this.known.put(reference, true);
		}
		return answer;
	}

	@Override
	public Optional<ChannelAnswer> query(ChannelOperation operation, String reference) throws ChannelCallFailure {
		this.queryCalls.computeIfAbsent(reference, (r) -> new AtomicInteger()).incrementAndGet();
		ChannelAnswer fixed = this.queryAnswers.get(reference);
		if (fixed != null) {
			return Optional.of(fixed);
		}
		ChannelAnswer asked = this.asked.get(reference);
		long amount = (asked != null) ? asked.amount() : 0;
		String currency = (asked != null) ? asked.currency() : "CNY";
		Reply reply = this.queries.poll();
		if (reply == null) {
			reply = this.known.containsKey(reference) ? processing() : notFound();
		}
		return Optional.ofNullable(reply.answer(operation, reference, amount, currency));
	}

	public static Reply processing() {
		return (op, ref, amount, cur) -> answer(op, ref, amount, cur, ChannelStatus.PROCESSING, null);
	}

	public static Reply succeeded() {
		return (op, ref, amount, cur) -> answer(op, ref, amount, cur, ChannelStatus.SUCCEEDED, null);
	}

	public static Reply failed(String reason) {
		return (op, ref, amount, cur) -> answer(op, ref, amount, cur, ChannelStatus.FAILED, reason);
	}

	/** The channel answers for another amount than it was asked. */
	public static Reply succeededFor(long otherAmount) {
		return (op, ref, amount, cur) -> answer(op, ref, otherAmount, cur, ChannelStatus.SUCCEEDED, null);
	}

	public static Reply notFound() {
		return (op, ref, amount, cur) -> null;
	}

	public static Reply fails(ChannelCallFailure.Kind kind, String code) {
		return (op, ref, amount, cur) -> {
			throw new ChannelCallFailure(kind, code, "scripted " + kind, null);
		};
	}

	/** A verified callback of the channel, as a handler receives it. */
	public static ChannelNotification notification(ChannelOperation operation, String reference, long amount,
			ChannelStatus status, String reason) {
		return new ChannelNotification(NAME, "evt-" + UUID.randomUUID(),
				answer(operation, reference, amount, "CNY", status, reason));
	}

	/**
	 * The channel's answer as a create, a query or a callback carries it; its id is
	 * {@code pay_}, {@code po_} or {@code rf_} and the reference.
	 */
	public static ChannelAnswer answer(ChannelOperation operation, String reference, long amount, String currency,
			ChannelStatus status, String reason) {
		String prefix = switch (operation) {
			case PAYMENT -> "pay_";
			case PAYOUT -> "po_";
			case REFUND -> "rf_";
		};
		return new ChannelAnswer(operation, prefix + reference, reference, amount, currency, status, reason,
				status.isFinal() ? Instant.now() : null);
	}

}
