package dev.tccledger.ledger.withdrawal;

import java.time.LocalDateTime;
import java.util.List;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.Money;
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
import dev.tccledger.ledger.outbound.Outbound;
import dev.tccledger.ledger.outbound.OutboundKind;
import dev.tccledger.ledger.outbound.OutboundMachine;
import dev.tccledger.ledger.outbound.OutboundMovement;
import dev.tccledger.ledger.outbound.OutboundStatus;
import dev.tccledger.ledger.outbound.OutboundTask;
import dev.tccledger.ledger.outbound.OutboundTransition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * A withdrawal's hold and every later transition, each one local transaction. The hold,
 * the withdrawal row and its payout task are written together, so the worker never calls
 * the channel for money that is not held, and a held amount always has a task that will
 * settle it. A withdrawal is the payout kind of {@link OutboundKind}: its transitions are
 * the outbound state table's, made by {@link OutboundMachine}.
 */
@Service
public class WithdrawalService implements OutboundKind, ChannelEventHandler {

	/** The worker's transitions, made by the ledger itself. */
	static final Actor PAYOUT_WORKER = Actor.of("payout-worker");

	private final WithdrawalMapper withdrawals;

	private final AccountService accounts;

	private final JournalService journal;

	private final TxRunner tx;

	private final LedgerNotifications notifications;

	private final OutboundMachine machine;

	private final ObjectProvider<PaymentChannel> channels;

	WithdrawalService(WithdrawalMapper withdrawals, AccountService accounts, JournalService journal, TxRunner tx,
			OutboundMachine machine, ObjectProvider<PaymentChannel> channels, LedgerNotifications notifications) {
		this.withdrawals = withdrawals;
		this.notifications = notifications;
		this.accounts = accounts;
		this.journal = journal;
		this.tx = tx;
		this.machine = machine;
		this.channels = channels;
	}

	public record Requested(Withdrawal withdrawal, boolean created) {
	}

	/**
	 * Holds the amount and records the payout to make. A replay of the same request
	 * answers the withdrawal as it is now; a refusal writes nothing.
	 */
	public Requested request(String withdrawalNo, String accountId, long amount, String destination, Actor actor) {
		Ids.requireId("withdrawalNo", withdrawalNo);
		Ids.requireId("accountId", accountId);
		Ids.requireId("destination", destination);
		Money.requireValidAmount(amount);
		AccountService.AccountProfile account = this.accounts.profile(accountId);
		if (account.isSystem()) {
			throw new LedgerException(LedgerError.SYSTEM_ACCOUNT, "a withdrawal cannot use a system account");
		}
		return this.tx.inTransaction(() -> {
			Withdrawal seen = this.withdrawals.find(withdrawalNo);
			if (seen == null) {
				PaymentChannel channel = channel();
				var now = Times.nowUtc();
				try {
					this.withdrawals.insert(withdrawalNo, accountId, amount, account.currency(), destination,
							channel.name(), actor.name(), now);
				}
				catch (DuplicateKeyException raced) {
					throw new CannotAcquireLockException("withdrawal " + withdrawalNo + " raced, retrying");
				}
				this.machine.createTask(this, withdrawalNo, now);
				// guarded by available >= amount in SQL: a refusal throws and rolls the
				// inserts back
				this.journal.post(Posting.of(JournalKind.WITHDRAWAL_HOLD, account.currency(), actor)
					.move(accountId, Bucket.AVAILABLE, accountId, Bucket.FROZEN, amount)
					.reference(withdrawalNo)
					.createdBy(OutboundMachine.BY_API));
				return new Requested(this.withdrawals.find(withdrawalNo), true);
			}
			if (!seen.sameRequest(accountId, amount, destination)) {
				throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "withdrawal " + withdrawalNo + " pays "
						+ seen.amount() + " from " + seen.accountId() + " to " + seen.destination());
			}
			return new Requested(seen, false);
		});
	}

	public Withdrawal get(String withdrawalNo) {
		Ids.requireId("withdrawalNo", withdrawalNo);
		Withdrawal withdrawal = this.withdrawals.find(withdrawalNo);
		if (withdrawal == null) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no withdrawal " + withdrawalNo);
		}
		return withdrawal;
	}

	List<Withdrawal> list(OutboundStatus status, int limit) {
		return this.withdrawals.listByStatus(status, limit);
	}

	/** The payout task of a withdrawal (every withdrawal has one). */
	OutboundTask task(String withdrawalNo) {
		return this.machine.task(this, withdrawalNo);
	}

	/**
	 * An operator settles a withdrawal that needs attention, after finding out at the
	 * channel what became of it. Refused in any other state, with nothing changed.
	 */
	public Withdrawal resolve(String withdrawalNo, boolean succeeded, String note, Actor operator) {
		get(withdrawalNo);
		OutboundMachine.Applied applied = this.machine.resolve(this, withdrawalNo, succeeded, note, operator);
		if (applied.transition().verdict() == OutboundTransition.Verdict.REFUSED) {
			throw new LedgerException(LedgerError.WITHDRAWAL_NOT_NEEDS_ATTENTION,
					"withdrawal " + withdrawalNo + " is " + applied.operation().status());
		}
		return get(withdrawalNo);
	}

	// --- the payout kind of outbound operation ---

	@Override
	public ChannelOperation operation() {
		return ChannelOperation.PAYOUT;
	}

	/** The channel's verified PAYOUT callbacks. */
	@Override
	public HandlingResult handle(ChannelNotification notification) {
		return this.machine.handle(this, notification);
	}

	@Override
	public String taskTable() {
		return "payout_task";
	}

	@Override
	public String taskKey() {
		return "withdrawal_no";
	}

	@Override
	public Actor workerActor() {
		return PAYOUT_WORKER;
	}

	@Override
	public Outbound find(String no) {
		Withdrawal w = this.withdrawals.find(no);
		return (w == null) ? null
				: new Outbound(w.withdrawalNo(), w.channel(), w.accountId(), w.amount(), w.currency(), w.status());
	}

	@Override
	public ChannelAnswer create(PaymentChannel channel, String no) throws ChannelCallFailure {
		Withdrawal w = get(no);
		return channel.createPayout(w.withdrawalNo(), w.amount(), w.currency(), w.destination());
	}

	@Override
	public int move(String no, OutboundStatus from, OutboundStatus to, String settledBy, String reason,
			String channelTxId, String note, LocalDateTime now) {
		return this.withdrawals.move(no, from, to, settledBy, reason, channelTxId, note, now);
	}

	@Override
	public void announce(Outbound w, OutboundStatus settled) {
		this.notifications.withdrawalSettled(w.no(), w.accountId(), w.amount(), w.currency(),
				settled == OutboundStatus.SUCCEEDED);
	}

	@Override
	public void flag(String no, String flag, LocalDateTime now) {
		this.withdrawals.flag(no, flag, now);
	}

	@Override
	public void post(Outbound w, OutboundMovement movement, String by, Actor actor) {
		switch (movement) {
			case CAPTURE -> {
				String clearing = clearingAccount(w.channel(), w.currency());
				this.accounts.ensureSystem(clearing, w.currency());
				this.journal.post(Posting.of(JournalKind.WITHDRAWAL_CAPTURE, w.currency(), actor)
					.move(w.accountId(), Bucket.FROZEN, clearing, Bucket.AVAILABLE, w.amount())
					.reference(w.no())
					.createdBy(by));
			}
			case RELEASE -> this.journal.post(Posting.of(JournalKind.WITHDRAWAL_RELEASE, w.currency(), actor)
				.move(w.accountId(), Bucket.FROZEN, w.accountId(), Bucket.AVAILABLE, w.amount())
				.reference(w.no())
				.createdBy(by));
			case NONE -> {
			}
		}
	}

	/** channel:<name>:<CUR>, the way {@link PaymentChannel#clearingAccount} names it. */
	static String clearingAccount(String channel, String currency) {
		return "channel:" + channel + ":" + currency;
	}

	PaymentChannel channel() {
		PaymentChannel channel = this.channels.getIfAvailable();
		if (channel == null) {
			throw new LedgerException(LedgerError.CHANNEL_NOT_CONFIGURED, "no payment channel is configured");
		}
		return channel;
	}

}
