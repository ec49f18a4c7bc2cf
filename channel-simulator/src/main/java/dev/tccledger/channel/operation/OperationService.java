package dev.tccledger.channel.operation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;
import dev.tccledger.channel.ChannelProperties;
import dev.tccledger.channel.callback.CallbackEvent;
import dev.tccledger.channel.callback.Callbacks;
import dev.tccledger.channel.operation.Operation.Settlement;
import dev.tccledger.channel.operation.Requests.PaymentRequest;
import dev.tccledger.channel.operation.Requests.PayoutRequest;
import dev.tccledger.channel.operation.Requests.RefundRequest;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates operations idempotently on the merchant's reference and settles them: when due
 * ({@link #settleDue()}) or by hand ({@link #settleByHand}). A settlement and its
 * callback are stored in one transaction.
 */
@Service
class OperationService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Operations operations;

	private final Behaviours behaviours;

	private final Callbacks callbacks;

	private final ChannelProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ObjectMapper json;

	OperationService(Operations operations, Behaviours behaviours, Callbacks callbacks, ChannelProperties properties,
			TransactionTemplate tx, Clock clock, MeterRegistry meters, ObjectMapper json) {
		this.operations = operations;
		this.behaviours = behaviours;
		this.callbacks = callbacks;
		this.properties = properties;
		this.tx = tx;
		this.clock = clock;
		this.meters = meters;
		this.json = json;
	}

	/** The operation and how long its answer is held ({@code TIMEOUT}). */
	record Created(OperationView view, long holdMs) {
	}

	Created pay(String merchant, PaymentRequest request) {
		long expiresIn = Requests.expiresInSeconds(request.expiresInSeconds(),
				this.properties.paymentExpiresInSeconds());
		PaymentRequest normal = new PaymentRequest(Requests.reference("reference", request.reference()),
				Requests.amount(request.amount()), Requests.currency(request.currency()),
				Requests.notifyUrl(request.notifyUrl()), expiresIn);
		return create(merchant, OperationType.PAYMENT, normal.reference(), normal, (id, plan, now) -> {
			Instant settleAt = (this.properties.autoPayMs() < 0) ? null : now.plusMillis(this.properties.autoPayMs());
			return new Operation(id, merchant, OperationType.PAYMENT, normal.reference(), canonical(normal),
					normal.amount(), normal.currency(), normal.notifyUrl(), null, null, OperationStatus.PROCESSING,
					null, plan, now, settleAt, now.plusSeconds(expiresIn), null);
		});
	}

	Created payout(String merchant, PayoutRequest request) {
		PayoutRequest normal = new PayoutRequest(Requests.reference("reference", request.reference()),
				Requests.amount(request.amount()), Requests.currency(request.currency()),
				Requests.destination(request.destination()), Requests.notifyUrl(request.notifyUrl()));
		return create(merchant, OperationType.PAYOUT, normal.reference(), normal,
				(id, plan, now) -> new Operation(id, merchant, OperationType.PAYOUT, normal.reference(),
						canonical(normal), normal.amount(), normal.currency(), normal.notifyUrl(), normal.destination(),
						null, OperationStatus.PROCESSING, null, plan, now,
						now.plusMillis(this.properties.payoutSettleMs()), null, null));
	}

	Created refund(String merchant, RefundRequest request) {
		RefundRequest normal = new RefundRequest(Requests.reference("reference", request.reference()),
				Requests.reference("paymentReference", request.paymentReference()), Requests.amount(request.amount()),
				(request.currency() == null) ? null : Requests.currency(request.currency()),
				Requests.notifyUrl(request.notifyUrl()));
		return create(merchant, OperationType.REFUND, normal.reference(), normal, (id, plan, now) -> {
			Operation payment = refundable(merchant, normal);
			return new Operation(id, merchant, OperationType.REFUND, normal.reference(), canonical(normal),
					normal.amount(), payment.currency(), normal.notifyUrl(), null, normal.paymentReference(),
					OperationStatus.PROCESSING, null, plan, now, now.plusMillis(this.properties.refundSettleMs()), null,
					null);
		});
	}

	/** The payment a refund draws on, locked, after the refund's checks. */
	private Operation refundable(String merchant, RefundRequest refund) {
		Operation payment = this.operations
			.byReferenceForUpdate(merchant, OperationType.PAYMENT, refund.paymentReference())
			.orElseThrow(() -> new ChannelException(ChannelError.PAYMENT_NOT_FOUND,
					"no payment with reference " + refund.paymentReference()));
		if (payment.status() != OperationStatus.SUCCEEDED) {
			throw new ChannelException(ChannelError.PAYMENT_NOT_PAID,
					"payment " + refund.paymentReference() + " is " + payment.status());
		}
		if (refund.currency() != null && !refund.currency().equals(payment.currency())) {
			throw new ChannelException(ChannelError.CURRENCY_MISMATCH,
					"the payment is in " + payment.currency() + ", the refund in " + refund.currency());
		}
		long holding = this.operations.refundsHolding(merchant, refund.paymentReference());
		if (holding + refund.amount() > payment.amount()) {
			throw new ChannelException(ChannelError.REFUND_EXCEEDS_PAID,
					"paid " + payment.amount() + ", refunded or refunding " + holding + ", asked " + refund.amount());
		}
		return payment;
	}

	private interface Factory {

		Operation build(String channelTxId, Plan plan, Instant now);

	}

	/**
	 * A replay (same reference, same request) answers the operation as it stands now and
	 * uses up no behaviour; the same reference with another request is a conflict.
	 */
	private Created create(String merchant, OperationType type, String reference, Object request, Factory factory) {
		String canonical = canonical(request);
		try {
			return this.tx.execute((status) -> {
				Operation existing = this.operations.byReference(merchant, type, reference).orElse(null);
				if (existing != null) {
					return replay(existing, canonical);
				}
				Instant now = this.clock.instant();
				// the checks first: a refused request uses up no behaviour
				Operation checked = factory.build(newId(type), Plan.NORMAL, now);
				Plan plan = this.behaviours.next(type);
				Operation operation = checked.withPlan(plan);
				this.operations.insert(operation);
				this.meters.counter("channel.requests", "type", type.name(), "outcome", plan.outcome().name())
					.increment();
				return new Created(OperationView.of(operation), plan.holdMs());
			});
		}
		catch (DuplicateKeyException race) {
			// the same reference created concurrently: now it is a replay
			return replay(this.operations.byReference(merchant, type, reference).orElseThrow(), canonical);
		}
	}

	private static Created replay(Operation existing, String canonical) {
		if (!existing.request().equals(canonical)) {
			throw new ChannelException(ChannelError.IDEMPOTENCY_CONFLICT, "reference " + existing.reference()
					+ " was used for another " + existing.type().name().toLowerCase(Locale.ROOT));
		}
		return new Created(OperationView.of(existing), 0);
	}

	OperationView byReference(String merchant, OperationType type, String reference) {
		return this.operations.byReference(merchant, type, reference)
			.map(OperationView::of)
			.orElseThrow(() -> notFound(type, "reference " + reference));
	}

	OperationView byId(String merchant, OperationType type, String channelTxId) {
		return this.operations.byId(merchant, channelTxId)
			.filter((operation) -> operation.type() == type)
			.map(OperationView::of)
			.orElseThrow(() -> notFound(type, "channelTxId " + channelTxId));
	}

	private static ChannelException notFound(OperationType type, String what) {
		return new ChannelException(ChannelError.NOT_FOUND,
				"no " + type.name().toLowerCase(Locale.ROOT) + " with " + what);
	}

	/**
	 * {@code /pay} or {@code /fail} on a payment: settles it now, callbacks as its plan
	 * says; asking again for what already happened answers it as it is.
	 */
	OperationView settleByHand(String merchant, String channelTxId, Settlement asked) {
		return this.tx.execute((status) -> {
			Operation payment = this.operations.byId(merchant, channelTxId)
				.filter((operation) -> operation.type() == OperationType.PAYMENT)
				.orElseThrow(() -> notFound(OperationType.PAYMENT, "channelTxId " + channelTxId));
			switch (payment.settledBy(asked, this.clock.instant())) {
				case APPLY -> settle(payment, asked);
				case ALREADY -> {
				}
				case REFUSE -> throw new ChannelException(ChannelError.NOT_PROCESSING,
						"payment " + payment.reference() + " is " + payment.status()
								+ ((payment.status() == OperationStatus.PROCESSING) ? " but past its expiry" : ""));
			}
			return OperationView.of(this.operations.byId(merchant, channelTxId).orElseThrow());
		});
	}

	/** Settles what is due; how many it settled. */
	int settleDue() {
		Instant now = this.clock.instant();
		List<Operation> due = this.operations.due(now, 100);
		int settled = 0;
		for (Operation operation : due) {
			Settlement settlement = operation.due(now);
			if (settlement != null && Boolean.TRUE.equals(this.tx.execute((status) -> settle(operation, settlement)))) {
				settled++;
			}
		}
		return settled;
	}

	/**
	 * Inside a transaction: the settlement and its callbacks, or nothing if it was
	 * settled meanwhile.
	 */
	private boolean settle(Operation operation, Settlement settlement) {
		Instant now = this.clock.instant();
		if (!this.operations.settle(operation.channelTxId(), settlement.status(), settlement.reason(), now)) {
			return false;
		}
		CallbackEvent event = new CallbackEvent("evt_" + random(12), operation.type().name(), operation.channelTxId(),
				operation.reference(), operation.amount(), operation.currency(), settlement.status().name(),
				settlement.reason(), now);
		this.callbacks.enqueue(operation.merchant(), operation.notifyUrl(), event, operation.plan().callbacks(),
				now.plusMillis(operation.plan().callbackDelayMs()));
		this.meters.counter("channel.operations", "type", operation.type().name(), "status", settlement.status().name())
			.increment();
		return true;
	}

	private String canonical(Object request) {
		try {
			return this.json.writeValueAsString(request);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String newId(OperationType type) {
		return type.idPrefix() + random(12);
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
