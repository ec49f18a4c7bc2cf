package dev.tccledger.order.payment;

import java.util.Objects;

import dev.tccledger.support.TcOutcome;

/**
 * The order's state table: for each event, what it does to an order in each status,
 * depending on how the order stands to the event's global transaction. The one place
 * these rules live; the TCC action, the payment's commit and rollback and the recovery
 * sentinel all ask here, and {@link OrderStore} applies the answer with a conditional
 * update (docs/architecture.md, the order's TCC state table).
 */
final class OrderRules {

	private OrderRules() {
	}

	/** Something that may move an order. */
	enum Event {

		/** The order's TCC try: its branch joins the global transaction. */
		TRY,

		/** The order's TCC confirm, or the sentinel settling it PAID from the ledger. */
		CONFIRM,

		/**
		 * The order's TCC cancel (also an empty rollback: the try never bound it), the
		 * TM's finished rollback, or the sentinel settling it FAILED from the ledger.
		 */
		CANCEL,

		/**
		 * No global transaction was ever bound (the TC was unreachable at begin, or the
		 * service died before): no branch exists anywhere.
		 */
		ABANDON

	}

	/** How the order stands to the event's global transaction and branch. */
	enum Fit {

		/** The order has no global transaction. */
		NO_XID,

		/** The order belongs to another global transaction. */
		OTHER_XID,

		/** This global transaction, its branch not joined yet. */
		THIS_XID_UNBOUND,

		/** This global transaction and this branch. */
		THIS_BRANCH,

		/** This global transaction, another branch of the order joined it. */
		THIS_XID_OTHER_BRANCH;

		/**
		 * How a row bound to {@code rowXid} and {@code rowBranchId} (null: none) stands
		 * to the call's {@code xid} and {@code branchId}.
		 */
		static Fit of(String rowXid, Long rowBranchId, String xid, Long branchId) {
			if (rowXid == null) {
				return NO_XID;
			}
			if (!rowXid.equals(xid)) {
				return OTHER_XID;
			}
			if (rowBranchId == null) {
				return THIS_XID_UNBOUND;
			}
			return Objects.equals(rowBranchId, branchId) ? THIS_BRANCH : THIS_XID_OTHER_BRANCH;
		}

		boolean thisTransaction() {
			return this == THIS_XID_UNBOUND || this == THIS_BRANCH || this == THIS_XID_OTHER_BRANCH;
		}

	}

	/** What the event does. */
	enum Outcome {

		/** The order moves (or its branch joins): one conditional update. */
		APPLY,

		/** Already done by an earlier call: success, nothing written. */
		ALREADY,

		/** Bound to another global transaction: this one's rollback is not about it. */
		NOT_THIS_TRANSACTION,

		/** Phase two found the order in the other final state: a person must look. */
		CONFLICT,

		/** The try is refused: the order is no longer open to this transaction. */
		REFUSE

	}

	record Decision(Outcome outcome, OrderStatus target) {

		static Decision apply(OrderStatus target) {
			return new Decision(Outcome.APPLY, target);
		}

		static Decision stay(Outcome outcome) {
			return new Decision(outcome, null);
		}

	}

	/** The table; {@code status} null means the order does not exist. */
	static Decision decide(OrderStatus status, Fit fit, Event event) {
		if (status == null) {
			// a cancel with nothing to cancel succeeds (Seata retries a false forever)
			return Decision.stay((event == Event.CANCEL) ? Outcome.ALREADY
					: (event == Event.TRY) ? Outcome.REFUSE : Outcome.CONFLICT);
		}
		return switch (event) {
			case TRY -> (status != OrderStatus.PENDING) ? Decision.stay(Outcome.REFUSE) : switch (fit) {
				case THIS_XID_UNBOUND -> Decision.apply(OrderStatus.PENDING);
				case THIS_BRANCH -> Decision.stay(Outcome.ALREADY);
				case NO_XID, OTHER_XID, THIS_XID_OTHER_BRANCH -> Decision.stay(Outcome.REFUSE);
			};
			case CONFIRM -> switch (status) {
				case PENDING ->
					fit.thisTransaction() ? Decision.apply(OrderStatus.PAID) : Decision.stay(Outcome.CONFLICT);
				case PAID -> fit.thisTransaction() ? Decision.stay(Outcome.ALREADY) : Decision.stay(Outcome.CONFLICT);
				case FAILED -> Decision.stay(Outcome.CONFLICT);
			};
			case CANCEL -> switch (status) {
				case PENDING -> (fit == Fit.OTHER_XID) ? Decision.stay(Outcome.NOT_THIS_TRANSACTION)
						: Decision.apply(OrderStatus.FAILED);
				case FAILED -> Decision.stay(Outcome.ALREADY);
				case PAID -> Decision.stay(Outcome.CONFLICT);
			};
			case ABANDON -> switch (status) {
				case PENDING -> (fit == Fit.NO_XID) ? Decision.apply(OrderStatus.FAILED)
						: Decision.stay(Outcome.NOT_THIS_TRANSACTION);
				case FAILED -> Decision.stay(Outcome.ALREADY);
				case PAID -> Decision.stay(Outcome.CONFLICT);
			};
		};
	}

	/** What the payment answers once the TC has answered its commit. */
	enum CommitAnswer {

		/** The order as phase two left it (PAID, or PENDING while the TC still works). */
		AS_IS,

		/** The TC rolled back on its own: the global timeout passed. */
		TIMED_OUT

	}

	static CommitAnswer afterCommit(OrderStatus status, TcOutcome tc) {
		return (tc.rollbackDecided() || status == OrderStatus.FAILED) ? CommitAnswer.TIMED_OUT : CommitAnswer.AS_IS;
	}

	/** What recovery does with a PENDING order whose TC is done with it. */
	enum Settlement {

		/** Every leg confirmed at the ledger: PAID. */
		PAY,

		/** No leg confirmed, none still frozen: FAILED. */
		FAIL,

		/**
		 * Some legs confirmed, the rest released: money moved in part; a person decides.
		 */
		FOR_A_PERSON,

		/** A leg is still frozen: the ledger's sentinel releases it first. */
		WAIT

	}

	/**
	 * From the ledger's freezes of the order in its transaction (duplicates left out).
	 */
	static Settlement settle(int legs, long confirmed, long tried) {
		if (tried > 0) {
			return Settlement.WAIT;
		}
		if (confirmed == legs) {
			return Settlement.PAY;
		}
		return (confirmed == 0) ? Settlement.FAIL : Settlement.FOR_A_PERSON;
	}

}
