package dev.tccledger.ledger.recharge;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelCallFailure;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelNotification;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.PaymentChannel;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalKind;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.ledger.journal.Posting;
import dev.tccledger.ledger.notification.LedgerNotifications;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Recharges: the pre-record written PENDING in its own local transaction before the
 * channel is called, then the channel's payment; settled only on the channel's word
 * through {@link RechargeRules}. A create whose answer never came leaves the recharge
 * PENDING, never FAILED: the channel may have taken it, and the sentinel asks.
 */
@Service
public class RechargeService implements ChannelEventHandler {

	private static final Logger log = LoggerFactory.getLogger(RechargeService.class);

	private final RechargeMapper recharges;

	private final AccountService accounts;

	private final JournalService journal;

	private final PaymentChannel channel;

	private final TxRunner tx;

	private final LedgerNotifications notifications;

	private final MeterRegistry meters;

	private final Duration paymentExpiry;

	RechargeService(RechargeMapper recharges, AccountService accounts, JournalService journal,
			List<PaymentChannel> channels, TxRunner tx, MeterRegistry meters,
			@Value("${ledger.recharges.channel:sim}") String channelName,
			@Value("${ledger.recharges.payment-expires-in-seconds:900}") long expiresInSeconds,
			LedgerNotifications notifications) {
		this.recharges = recharges;
		this.notifications = notifications;
		this.accounts = accounts;
		this.journal = journal;
		this.channel = channels.stream()
			.filter((c) -> c.name().equals(channelName))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no payment channel " + channelName));
		this.tx = tx;
		this.meters = meters;
		this.paymentExpiry = Duration.ofSeconds(expiresInSeconds);
	}

	/** {@code created} is false for a replay. */
	public record Created(Recharge recharge, boolean created) {
	}

	public Created create(String rechargeNo, String accountId, long amount, Actor actor) {
		Ids.requireId("rechargeNo", rechargeNo);
		Money.requireValidAmount(amount);
		Account target = this.accounts.get(accountId);
		if (target.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "cannot recharge a system account");
		}
		Recharge seen = this.recharges.find(rechargeNo);
		boolean created = false;
		if (seen == null) {
			LocalDateTime now = Times.nowUtc();
			Recharge fresh = new Recharge(rechargeNo, accountId, this.channel.name(), amount, target.getCurrency(),
					RechargeStatus.PENDING, null, null, null, null, actor.name(), null, now.plus(this.paymentExpiry),
					now, now);
			try {
				this.tx.inTransaction(() -> {
					this.recharges.insert(fresh);
					return null;
				});
				created = true;
			}
			catch (DuplicateKeyException raced) {
				// the same rechargeNo committed first: this request is its replay
			}
			seen = this.recharges.find(rechargeNo);
		}
		if (!seen.accountId().equals(accountId) || seen.amount() != amount) {
			throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT,
					"rechargeNo " + rechargeNo + " was a recharge of " + seen.amount() + " to " + seen.accountId());
		}
		if (seen.status() == RechargeStatus.PENDING && seen.channelTxId() == null) {
			// a replay of one whose create got no answer sends it again: idempotent on
			// the rechargeNo at the channel
			createAtChannel(seen, Actor.of("channel:" + this.channel.name()));
		}
		return new Created(this.recharges.find(rechargeNo), created);
	}

	public Recharge get(String rechargeNo) {
		Recharge recharge = this.recharges.find(rechargeNo);
		if (recharge == null) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no recharge " + rechargeNo);
		}
		return recharge;
	}

	/**
	 * Asks the channel for the payment. An answer stores its id (and settles it if it is
	 * already final); a refusal fails the recharge with the channel's code; no answer
	 * leaves it PENDING for the sentinel.
	 */
	void createAtChannel(Recharge recharge, Actor actor) {
		try {
			ChannelAnswer answer = this.channel.createPayment(recharge.rechargeNo(), recharge.amount(),
					recharge.currency());
			accept(recharge, answer, actor);
		}
		catch (ChannelCallFailure failure) {
			if (failure.kind() == ChannelCallFailure.Kind.REFUSED) {
				log.warn("channel {} refused recharge {}: {}", this.channel.name(), recharge.rechargeNo(),
						failure.channelCode());
				apply(recharge.rechargeNo(), RechargeEvent.CREATE_REFUSED, failure.channelCode(), actor);
			}
			else {
				count("create_" + failure.kind().name().toLowerCase());
				log.warn("recharge {}: the channel's create got no answer ({}); left PENDING for the sentinel: {}",
						recharge.rechargeNo(), failure.kind(), failure.getMessage());
			}
		}
	}

	/** An answer about the payment from a create or a query. */
	RechargeRules.Outcome accept(Recharge recharge, ChannelAnswer answer, Actor actor) {
		if (answer.amount() != recharge.amount() || !recharge.currency().equals(answer.currency())) {
			log.error("channel {} answers {} {} for recharge {} of {} {}: not settled, finance must look",
					this.channel.name(), answer.amount(), answer.currency(), recharge.rechargeNo(), recharge.amount(),
					recharge.currency());
			count("mismatch");
			return null;
		}
		if (answer.channelTxId() != null) {
			this.recharges.setChannelTxId(recharge.rechargeNo(), answer.channelTxId(), Times.nowUtc());
		}
		if (!answer.status().isFinal()) {
			return null;
		}
		return apply(recharge.rechargeNo(), RechargeEvent.of(answer.status()), answer.reason(), actor);
	}

	@Override
	public ChannelOperation operation() {
		return ChannelOperation.PAYMENT;
	}

	@Override
	public HandlingResult handle(ChannelNotification notification) {
		ChannelAnswer answer = notification.answer();
		Recharge recharge = this.recharges.find(answer.reference());
		if (recharge == null || !recharge.channel().equals(notification.channel())) {
			log.error("channel {} calls back about payment {} the ledger does not know", notification.channel(),
					answer.reference());
			count("unknown_reference");
			return HandlingResult.REJECTED;
		}
		if (!answer.status().isFinal()) {
			return HandlingResult.NOT_FINAL;
		}
		RechargeRules.Outcome outcome = accept(recharge, answer, Actor.of("channel:" + notification.channel()));
		if (outcome == null) {
			return HandlingResult.REJECTED;
		}
		return switch (outcome) {
			case SETTLED -> HandlingResult.SETTLED;
			case ALREADY_SETTLED -> HandlingResult.ALREADY_SETTLED;
			case CONTRADICTED -> HandlingResult.REJECTED;
		};
	}

	/**
	 * Runs one cell of {@link RechargeRules} in one local transaction: the row locked,
	 * the money moved (at most once: only the move into SUCCEEDED credits, and it leaves
	 * PENDING, FAILED or EXPIRED behind for good), the state changed on the condition
	 * that it is still the one decided on.
	 */
	RechargeRules.Outcome apply(String rechargeNo, RechargeEvent event, String reason, Actor actor) {
		RechargeRules.Outcome outcome = this.tx.inTransaction(() -> {
			Recharge current = this.recharges.lock(rechargeNo);
			RechargeRules.Transition transition = RechargeRules.decide(event, current.status());
			LocalDateTime now = Times.nowUtc();
			if (transition.outcome() == RechargeRules.Outcome.CONTRADICTED) {
				// the credit stands (the customer may have spent it); the callback record
				// is finance's trail
				log.error("channel says {} about recharge {}, already credited: nothing changed, finance must look",
						event, rechargeNo);
			}
			if (!transition.changesState()) {
				return transition.outcome();
			}
			Long journalTxId = null;
			if (transition.credit()) {
				String clearing = this.channel.clearingAccount(current.currency());
				this.accounts.ensureSystem(clearing, current.currency());
				journalTxId = this.journal.post(Posting.of(JournalKind.RECHARGE, current.currency(), actor)
					.move(clearing, Bucket.AVAILABLE, current.accountId(), Bucket.AVAILABLE, current.amount())
					.reference(rechargeNo)
					.createdBy(Actor.SENTINEL.equals(actor) ? "SENTINEL" : "CHANNEL"));
			}
			String storedReason = transition.credit() ? null : cap(reason);
			if (this.recharges.transition(rechargeNo, current.status(), transition.target(), storedReason,
					(transition.flag() != null) ? transition.flag().name() : null, journalTxId, actor.name(),
					now) != 1) {
				throw new IllegalStateException("recharge " + rechargeNo + " moved while locked");
			}
			if (transition.credit()) {
				this.notifications.rechargeSucceeded(rechargeNo, current.accountId(), current.amount(),
						current.currency());
			}
			if (transition.flag() != null) {
				log.error("recharge {}: the channel took the money after the ledger had it {}; credited, flagged {}",
						rechargeNo, current.status(), transition.flag());
			}
			return transition.outcome();
		});
		count(outcome.name().toLowerCase() + "_" + event.name().toLowerCase());
		return outcome;
	}

	/** The recharges the sentinel asks about. */
	List<Recharge> pendingBefore(LocalDateTime before, int limit) {
		return this.recharges.pendingBefore(before, limit);
	}

	/** What the sentinel did with one recharge. */
	public enum Chased {

		SETTLED, STILL_PROCESSING, RESENT, EXPIRED, UNREACHABLE

	}

	/**
	 * The sentinel's question about one PENDING recharge. Nothing is settled without the
	 * channel's word; the only conclusion drawn from silence is that a payment the
	 * channel never heard of cannot be paid once its expiry has passed.
	 */
	Chased chase(Recharge recharge) {
		Actor sentinel = Actor.SENTINEL;
		Optional<ChannelAnswer> answer;
		try {
			answer = this.channel.query(ChannelOperation.PAYMENT, recharge.rechargeNo());
		}
		catch (ChannelCallFailure unreachable) {
			log.warn("sentinel: channel {} did not answer about recharge {}: {}", this.channel.name(),
					recharge.rechargeNo(), unreachable.getMessage());
			return Chased.UNREACHABLE;
		}
		if (answer.isPresent()) {
			RechargeRules.Outcome outcome = accept(recharge, answer.get(), sentinel);
			return (outcome != null) ? Chased.SETTLED : Chased.STILL_PROCESSING;
		}
		if (Instant.now().isAfter(Times.instant(recharge.expiresAt()))) {
			apply(recharge.rechargeNo(), RechargeEvent.UNKNOWN_AFTER_EXPIRY, "PAYMENT_UNKNOWN_AT_CHANNEL", sentinel);
			return Chased.EXPIRED;
		}
		// the create never reached it: send it again (same reference, idempotent)
		createAtChannel(recharge, sentinel);
		return Chased.RESENT;
	}

	private static String cap(String reason) {
		return (reason != null && reason.length() > 128) ? reason.substring(0, 128) : reason;
	}

	private void count(String outcome) {
		Counter.builder("ledger.recharges")
			.description("recharge settlements and channel troubles, by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}
