package dev.tccledger.ledger.journal;

import java.util.ArrayList;
import java.util.List;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.Money;

/**
 * One business event as double entry: lines of (account, bucket, signed delta) that sum
 * to zero (I5), made by an {@link Actor}. Build with
 * {@link #of(JournalKind, String, Actor)} and the move methods, which always add both
 * sides of a movement.
 */
public final class Posting {

	public record Line(String accountId, Bucket bucket, long delta) {
	}

	private final JournalKind kind;

	private final String currency;

	private final Actor actor;

	private final List<Line> lines = new ArrayList<>();

	private String xid;

	private Long branchId;

	private String orderNo;

	private String reference;

	private String createdBy = "API";

	private Posting(JournalKind kind, String currency, Actor actor) {
		if (actor == null) {
			throw new IllegalArgumentException("every posting is made by someone");
		}
		this.kind = kind;
		this.currency = currency;
		this.actor = actor;
	}

	public static Posting of(JournalKind kind, String currency, Actor actor) {
		return new Posting(kind, currency, actor);
	}

	/** Moves {@code amount} from one (account, bucket) to another. */
	public Posting move(String fromAccount, Bucket fromBucket, String toAccount, Bucket toBucket, long amount) {
		Money.requireValidAmount(amount);
		this.lines.add(new Line(fromAccount, fromBucket, Money.negate(amount)));
		this.lines.add(new Line(toAccount, toBucket, amount));
		return this;
	}

	public Posting branch(String xid, Long branchId, String orderNo) {
		this.xid = xid;
		this.branchId = branchId;
		this.orderNo = orderNo;
		return this;
	}

	public Posting reference(String reference) {
		this.reference = reference;
		return this;
	}

	public Posting createdBy(String createdBy) {
		this.createdBy = createdBy;
		return this;
	}

	public JournalKind kind() {
		return this.kind;
	}

	public String currency() {
		return this.currency;
	}

	public Actor actor() {
		return this.actor;
	}

	public List<Line> lines() {
		return List.copyOf(this.lines);
	}

	public String xid() {
		return this.xid;
	}

	public Long branchId() {
		return this.branchId;
	}

	public String orderNo() {
		return this.orderNo;
	}

	public String reference() {
		return this.reference;
	}

	public String createdBy() {
		return this.createdBy;
	}

}
