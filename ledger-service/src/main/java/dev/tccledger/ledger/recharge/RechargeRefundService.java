package dev.tccledger.ledger.recharge;

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
import dev.tccledger.ledger.outbound.Outbound;
import dev.tccledger.ledger.outbound.OutboundKind;
import dev.tccledger.ledger.outbound.OutboundMachine;
import dev.tccledger.ledger.outbound.OutboundMovement;
import dev.tccledger.ledger.outbound.OutboundStatus;
import dev.tccledger.ledger.outbound.OutboundTask;
import dev.tccledger.ledger.outbound.OutboundTransition;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Refunds of a recharge to its original payment: the refund kind of {@link OutboundKind},
 * held, sent and settled exactly as a withdrawal's payout is. The hold takes only what
 * the customer still has available (spent money is not refunded) and only what the
 * recharge paid and its other refunds do not already hold or have given back: it locks
 * the recharge row, so two refunds racing for the last unit cannot both be held.
 */
@Service
public class RechargeRefundService implements OutboundKind, ChannelEventHandler {

	static final Actor REFUND_WORKER = Actor.of("refund-worker");

	private final RechargeRefundMapper refunds;

	private final RechargeMapper recharges;

	private final AccountService accounts;

	private final JournalService journal;

	private final TxRunner tx;

	private final OutboundMachine machine;

	RechargeRefundService(RechargeRefundMapper refunds, RechargeMapper recharges, AccountService accounts,
			JournalService journal, TxRunner tx, OutboundMachine machine) {
		this.refunds = refunds;
		this.recharges = recharges;
		this.accounts = accounts;
		this.journal = journal;
		this.tx = tx;
		this.machine = machine;
	}

	public record Requested(RechargeRefund refund, boolean created) {
	}

	/**
	 * Holds the amount and records the refund to make, in one local transaction. A replay
	 * of the same request answers the refund as it is now; a refusal writes nothing.
	 */
	public Requested request(String rechargeNo, String refundNo, long amount, Actor actor) {
		Ids.requireId("rechargeNo", rechargeNo);
		Ids.requireId("refundNo", refundNo);
		Money.requireValidAmount(amount);
		return this.tx.inTransaction(() -> {
			Recharge recharge = this.recharges.lock(rechargeNo);
			if (recharge == null) {
				throw new LedgerException(LedgerError.NOT_FOUND, "no recharge " + rechargeNo);
			}
			RechargeRefund seen = this.refunds.find(refundNo);
			if (seen != null) {
				if (!seen.sameRequest(rechargeNo, amount)) {
					throw new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "refund " + refundNo + " gives back "
							+ seen.amount() + " of recharge " + seen.rechargeNo());
				}
				return new Requested(seen, false);
			}
			if (recharge.status() != RechargeStatus.SUCCEEDED) {
				throw new LedgerException(LedgerError.RECHARGE_NOT_SETTLED,
						"recharge " + rechargeNo + " is " + recharge.status() + ": nothing was paid to refund");
			}
			long refunding = this.refunds.refunding(rechargeNo);
			if (refunding + amount > recharge.amount()) {
				throw new LedgerException(LedgerError.REFUND_EXCEEDS_PAID, "recharge " + rechargeNo + " paid "
						+ recharge.amount() + ", refunded or refunding " + refunding + ", asked " + amount);
			}
			LocalDateTime now = Times.nowUtc();
			try {
				this.refunds.insert(refundNo, rechargeNo, recharge.accountId(), amount, recharge.currency(),
						recharge.channel(), actor.name(), now);
			}
			catch (DuplicateKeyException raced) {
				throw new CannotAcquireLockException("refund " + refundNo + " raced, retrying");
			}
			this.machine.createTask(this, refundNo, now);
			// guarded by available >= amount in SQL: money already spent is refused and
			// the
			// inserts roll back
			this.journal.post(Posting.of(JournalKind.RECHARGE_REFUND_HOLD, recharge.currency(), actor)
				.move(recharge.accountId(), Bucket.AVAILABLE, recharge.accountId(), Bucket.FROZEN, amount)
				.reference(refundNo)
				.createdBy(OutboundMachine.BY_API));
			return new Requested(this.refunds.find(refundNo), true);
		});
	}

	/** The refund, only under the recharge it belongs to. */
	public RechargeRefund get(String rechargeNo, String refundNo) {
		Ids.requireId("rechargeNo", rechargeNo);
		Ids.requireId("refundNo", refundNo);
		RechargeRefund refund = this.refunds.find(refundNo);
		if (refund == null || !refund.rechargeNo().equals(rechargeNo)) {
			throw new LedgerException(LedgerError.NOT_FOUND, "no refund " + refundNo + " of recharge " + rechargeNo);
		}
		return refund;
	}

	List<RechargeRefund> list(OutboundStatus status, int limit) {
		return this.refunds.listByStatus(status, limit);
	}

	OutboundTask task(String refundNo) {
		return this.machine.task(this, refundNo);
	}

	/**
	 * An operator settles a refund that needs attention, after finding out at the channel
	 * what became of it. Refused in any other state, with nothing changed.
	 */
	public RechargeRefund resolve(String rechargeNo, String refundNo, boolean succeeded, String note, Actor operator) {
		get(rechargeNo, refundNo);
		OutboundMachine.Applied applied = this.machine.resolve(this, refundNo, succeeded, note, operator);
		if (applied.transition().verdict() == OutboundTransition.Verdict.REFUSED) {
			throw new LedgerException(LedgerError.REFUND_NOT_NEEDS_ATTENTION,
					"refund " + refundNo + " is " + applied.operation().status());
		}
		return get(rechargeNo, refundNo);
	}

	// --- the refund kind of outbound operation ---

	@Override
	public ChannelOperation operation() {
		return ChannelOperation.REFUND;
	}

	/** The channel's verified REFUND callbacks. */
	@Override
	public HandlingResult handle(ChannelNotification notification) {
		return this.machine.handle(this, notification);
	}

	@Override
	public String taskTable() {
		return "recharge_refund_task";
	}

	@Override
	public String taskKey() {
		return "refund_no";
	}

	@Override
	public Actor workerActor() {
		return REFUND_WORKER;
	}

	@Override
	public Outbound find(String no) {
		RechargeRefund r = this.refunds.find(no);
		return (r == null) ? null
				: new Outbound(r.refundNo(), r.channel(), r.accountId(), r.amount(), r.currency(), r.status());
	}

	/** The payment the refund gives back to is the recharge's, known by its number. */
	@Override
	public ChannelAnswer create(PaymentChannel channel, String no) throws ChannelCallFailure {
		RechargeRefund r = this.refunds.find(no);
		return channel.createRefund(r.refundNo(), r.rechargeNo(), r.amount(), r.currency());
	}

	@Override
	public int move(String no, OutboundStatus from, OutboundStatus to, String settledBy, String reason,
			String channelTxId, String note, LocalDateTime now) {
		return this.refunds.move(no, from, to, settledBy, reason, channelTxId, note, now);
	}

	@Override
	public void flag(String no, String flag, LocalDateTime now) {
		this.refunds.flag(no, flag, now);
	}

	@Override
	public void post(Outbound r, OutboundMovement movement, String by, Actor actor) {
		switch (movement) {
			case CAPTURE -> {
				String clearing = "channel:" + r.channel() + ":" + r.currency();
				this.accounts.ensureSystem(clearing, r.currency());
				this.journal.post(Posting.of(JournalKind.RECHARGE_REFUND_CAPTURE, r.currency(), actor)
					.move(r.accountId(), Bucket.FROZEN, clearing, Bucket.AVAILABLE, r.amount())
					.reference(r.no())
					.createdBy(by));
			}
			case RELEASE -> this.journal.post(Posting.of(JournalKind.RECHARGE_REFUND_RELEASE, r.currency(), actor)
				.move(r.accountId(), Bucket.FROZEN, r.accountId(), Bucket.AVAILABLE, r.amount())
				.reference(r.no())
				.createdBy(by));
			case NONE -> {
			}
		}
	}

}
