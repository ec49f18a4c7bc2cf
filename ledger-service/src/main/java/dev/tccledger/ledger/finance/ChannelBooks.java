package dev.tccledger.ledger.finance;

import java.util.List;
import java.util.Optional;

import dev.tccledger.ledger.channel.ChannelOperation;

/**
 * Where the ledger keeps the operations it sends to a channel, one entry per kind of
 * operation, and which journal transactions each one must have in each of its states.
 * Both the reconciliation's {@code channel_operations_posted} check and the channel
 * reconciliation read the ledger's side through this list, so a new kind of channel
 * operation is one more entry.
 *
 * <p>
 * Every table named here has the columns {@code channel}, {@code channel_tx_id},
 * {@code amount}, {@code currency} and {@code status}, its primary key is the reference
 * the channel knows the operation by, and its journal transactions carry that reference.
 * Names are constants of this class, never input: the SQL is built from them.
 *
 * @param operation what the channel calls it (the statement's {@code type})
 * @param table the ledger's table of these operations
 * @param key its primary key column, the reference sent to the channel
 * @param settleKind the journal kind whose transaction records the money having moved at
 * the channel (its time is when the ledger learned the channel's success)
 * @param postings each journal kind the operation may have, and the statuses in which it
 * has exactly one transaction of that kind (none in every other)
 */
record ChannelBooks(ChannelOperation operation, String table, String key, String settleKind, List<Posted> postings) {

	/** In every status: the hold is written with the operation itself. */
	static final List<String> ALWAYS = List.of();

	/**
	 * Exactly one journal transaction of {@code kind} in the statuses listed
	 * ({@link #ALWAYS}: in every status), none in the others.
	 */
	record Posted(String kind, List<String> statuses) {

		boolean always() {
			return this.statuses.isEmpty();
		}

	}

	/**
	 * Recharges credit once, on success. Withdrawals and recharge refunds hold first, so
	 * unlike API.md's wording a failed one has two transactions (the hold and its
	 * release), netting to zero: docs/architecture.md, invariants (I7).
	 */
	static final List<ChannelBooks> ALL = List.of(
			new ChannelBooks(ChannelOperation.PAYMENT, "recharge", "recharge_no", "RECHARGE",
					List.of(new Posted("RECHARGE", List.of("SUCCEEDED")))),
			new ChannelBooks(ChannelOperation.PAYOUT, "withdrawal", "withdrawal_no", "WITHDRAWAL_CAPTURE",
					List.of(new Posted("WITHDRAWAL_HOLD", ALWAYS),
							new Posted("WITHDRAWAL_CAPTURE", List.of("SUCCEEDED")),
							new Posted("WITHDRAWAL_RELEASE", List.of("FAILED")))),
			new ChannelBooks(ChannelOperation.REFUND, "recharge_refund", "refund_no", "RECHARGE_REFUND_CAPTURE",
					List.of(new Posted("RECHARGE_REFUND_HOLD", ALWAYS),
							new Posted("RECHARGE_REFUND_CAPTURE", List.of("SUCCEEDED")),
							new Posted("RECHARGE_REFUND_RELEASE", List.of("FAILED")))));

	static Optional<ChannelBooks> of(ChannelOperation operation) {
		return ALL.stream().filter((books) -> books.operation() == operation).findFirst();
	}

	/**
	 * The check's rule in words, from the list: "each recharge: one RECHARGE if
	 * SUCCEEDED; ...".
	 */
	static String rule() {
		StringBuilder rule = new StringBuilder();
		for (ChannelBooks books : ALL) {
			rule.append(rule.isEmpty() ? "each " : "; each ").append(books.table()).append(':');
			for (ChannelBooks.Posted posted : books.postings()) {
				rule.append(" one ").append(posted.kind());
				if (!posted.always()) {
					rule.append(" if ").append(String.join(" or ", posted.statuses()));
				}
				rule.append(',');
			}
			rule.setLength(rule.length() - 1);
		}
		return rule.append("; no other transaction of these kinds").toString();
	}

	List<String> kinds() {
		return this.postings.stream().map(Posted::kind).toList();
	}

}
