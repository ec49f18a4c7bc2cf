package dev.tccledger.ledger.support;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.PaymentChannel;

import org.springframework.context.annotation.Primary;

/**
 * A payment channel whose answers the test scripts, one per call, in order: what the
 * payout worker meets at a real channel (an answer, a refusal, a call that never arrived
 * or was never answered, a reference it does not know). Unscripted creates and queries
 * answer PROCESSING. Counts the calls per reference. A test context takes it with
 * {@code @Import(ScriptedChannel.class)}; it wins over a configured channel.
 */
@Primary
public class ScriptedChannel implements PaymentChannel {

	public static final String NAME = "scripted";

	/** What one call does: answer (null: the channel does not know it) or throw. */
	@FunctionalInterface
	public interface Reply {

		ChannelAnswer answer(String reference, long amount, String currency) throws ChannelCallFailure;

	}

	private final ConcurrentLinkedDeque<Reply> creates = new ConcurrentLinkedDeque<>();

	private final ConcurrentLinkedDeque<Reply> queries = new ConcurrentLinkedDeque<>();

	private final Map<String, AtomicInteger> createCalls = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> queryCalls = new ConcurrentHashMap<>();

	/** Amounts the channel was asked to pay, by reference, for query answers. */
	private final Map<String, long[]> amounts = new ConcurrentHashMap<>();

	private volatile CountDownLatch createGate;

	@Override
	public String name() {
		return NAME;
	}

	public void reset() {
		this.creates.clear();
		this.queries.clear();
		this.createGate = null;
	}

	public ScriptedChannel onCreate(Reply... replies) {
		this.creates.addAll(java.util.List.of(replies));
		return this;
	}

	public ScriptedChannel onQuery(Reply... replies) {
		this.queries.addAll(java.util.List.of(replies));
		return this;
	}

	/** Creates wait for this gate to open (at most 10 s): to make two workers overlap. */
	public void holdCreates(CountDownLatch gate) {
		this.createGate = gate;
	}

	public int creates(String reference) {
		AtomicInteger n = this.createCalls.get(reference);
		return (n != null) ? n.get() : 0;
	}

	public int queries(String reference) {
		AtomicInteger n = this.queryCalls.get(reference);
		return (n != null) ? n.get() : 0;
	}

	@Override
	public ChannelAnswer createPayment(String reference, long amount, String currency) throws ChannelCallFailure {
		throw new ChannelCallFailure(ChannelCallFailure.Kind.REFUSED, "NOT_SCRIPTED", "payments are not scripted",
				null);
	}

	@Override
	public ChannelAnswer createPayout(String reference, long amount, String currency, String destination)
			throws ChannelCallFailure {
		this.createCalls.computeIfAbsent(reference, (r) -> new AtomicInteger()).incrementAndGet();
		this.amounts.put(reference, new long[] { amount });
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
		return (reply != null) ? reply.answer(reference, amount, currency)
				: processing().answer(reference, amount, currency);
	}

	@Override
	public ChannelAnswer createRefund(String reference, String paymentReference, long amount, String currency)
			throws ChannelCallFailure {
		throw new ChannelCallFailure(ChannelCallFailure.Kind.REFUSED, "NOT_SCRIPTED", "refunds are not scripted", null);
	}

	@Override
	public Optional<ChannelAnswer> query(ChannelOperation operation, String reference) throws ChannelCallFailure {
		this.queryCalls.computeIfAbsent(reference, (r) -> new AtomicInteger()).incrementAndGet();
		long[] amount = this.amounts.get(reference);
		Reply reply = this.queries.poll();
		if (reply == null) {
			reply = processing();
		}
		return Optional.ofNullable(reply.answer(reference, (amount != null) ? amount[0] : 0, "CNY"));
	}

	public static Reply processing() {
		return (ref, amount, cur) -> answer(ref, amount, cur, ChannelStatus.PROCESSING, null);
	}

	public static Reply succeeded() {
		return (ref, amount, cur) -> answer(ref, amount, cur, ChannelStatus.SUCCEEDED, null);
	}

	public static Reply failed(String reason) {
		return (ref, amount, cur) -> answer(ref, amount, cur, ChannelStatus.FAILED, reason);
	}

	/** The channel answers for another amount than it was asked. */
	public static Reply succeededFor(long otherAmount) {
		return (ref, amount, cur) -> answer(ref, otherAmount, cur, ChannelStatus.SUCCEEDED, null);
	}

	public static Reply notFound() {
		return (ref, amount, cur) -> null;
	}

	public static Reply fails(ChannelCallFailure.Kind kind, String code) {
		return (ref, amount, cur) -> {
			throw new ChannelCallFailure(kind, code, "scripted " + kind, null);
		};
	}

	public static ChannelAnswer answer(String reference, long amount, String currency, ChannelStatus status,
			String reason) {
		return new ChannelAnswer(ChannelOperation.PAYOUT, "tx-" + reference, reference, amount, currency, status,
				reason, status.isFinal() ? Instant.now() : null);
	}

}
