package dev.tccledger.ledger.recharge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.PaymentChannel;

/**
 * The channel {@code sim} as a test steers it: creates answer PROCESSING unless told to
 * fail once; a query answers what the test put, else PROCESSING for a payment it created
 * and nothing for one it did not.
 */
public class FakeChannel implements PaymentChannel {

	final AtomicReference<ChannelCallFailure> nextCreateFailure = new AtomicReference<>();

	final Map<String, ChannelAnswer> created = new ConcurrentHashMap<>();

	final Map<String, ChannelAnswer> queryAnswers = new ConcurrentHashMap<>();

	final AtomicInteger creates = new AtomicInteger();

	@Override
	public String name() {
		return "sim";
	}

	public void failNextCreate(ChannelCallFailure.Kind kind, String code) {
		this.nextCreateFailure.set(new ChannelCallFailure(kind, code, "fake " + kind, null));
	}

	public void answerQuery(String reference, ChannelStatus status, long amount, String reason) {
		this.queryAnswers.put(reference, new ChannelAnswer(ChannelOperation.PAYMENT, "pay_" + reference, reference,
				amount, "CNY", status, reason, null));
	}

	public int createsSoFar() {
		return this.creates.get();
	}

	/** The channel no longer knows the payment: its queries answer nothing. */
	public void forget(String reference) {
		this.created.remove(reference);
		this.queryAnswers.remove(reference);
	}

	@Override
	public ChannelAnswer createPayment(String reference, long amount, String currency) throws ChannelCallFailure {
		this.creates.incrementAndGet();
		ChannelCallFailure failure = this.nextCreateFailure.getAndSet(null);
		if (failure != null) {
			throw failure;
		}
		return this.created.computeIfAbsent(reference, (ref) -> new ChannelAnswer(ChannelOperation.PAYMENT,
				"pay_" + ref, ref, amount, currency, ChannelStatus.PROCESSING, null, null));
	}

	@Override
	public ChannelAnswer createPayout(String reference, long amount, String currency, String destination) {
		throw new UnsupportedOperationException("recharge tests make no payouts");
	}

	@Override
	public ChannelAnswer createRefund(String reference, String paymentReference, long amount, String currency) {
		throw new UnsupportedOperationException("recharge tests make no refunds");
	}

	@Override
	public Optional<ChannelAnswer> query(ChannelOperation operation, String reference) {
		ChannelAnswer answer = this.queryAnswers.get(reference);
		return Optional.ofNullable((answer != null) ? answer : this.created.get(reference));
	}

}
