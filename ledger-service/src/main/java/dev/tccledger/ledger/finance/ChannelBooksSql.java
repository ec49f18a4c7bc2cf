package dev.tccledger.ledger.finance;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of {@link ChannelBooks}, built from its constant table, column and kind names
 * (never from a request; values are bound as parameters). Public for MyBatis, which calls
 * these providers by reflection.
 */
public final class ChannelBooksSql {

	private ChannelBooksSql() {
	}

	/**
	 * I7, {@code channel_operations_posted}: per operation and journal kind, how many
	 * transactions it has against how many its status allows; and every transaction of
	 * those kinds whose reference is no such operation.
	 */
	public static String unposted(Map<String, Object> params) {
		String arms = ChannelBooks.ALL.stream()
			.map(ChannelBooksSql::unpostedArm)
			.collect(Collectors.joining("\nUNION ALL\n"));
		return "SELECT subject, actual, expected FROM (\n" + arms + "\n) v WHERE actual <> expected"
				+ " ORDER BY subject LIMIT #{limit}";
	}

	private static String unpostedArm(ChannelBooks books) {
		String kinds = quoted(books.kinds());
		String perKind = books.kinds()
			.stream()
			.map((kind) -> "SELECT '" + kind + "' AS kind")
			.collect(Collectors.joining(" UNION ALL "));
		StringBuilder expected = new StringBuilder("CASE k.kind");
		for (ChannelBooks.Posted posted : books.postings()) {
			expected.append(" WHEN '").append(posted.kind()).append("' THEN ");
			expected.append(posted.always() ? "1"
					: "CASE WHEN o.status IN (" + quoted(posted.statuses()) + ") THEN 1 ELSE 0 END");
		}
		expected.append(" END");
		return """
				SELECT CONCAT('%1$s ', o.%2$s, ' ', o.status, ' ', k.kind) AS subject, COALESCE(j.n, 0) AS actual,
				       %3$s AS expected
				  FROM %1$s o
				 CROSS JOIN (%4$s) k
				  LEFT JOIN (SELECT reference, kind, COUNT(*) AS n FROM journal_tx WHERE kind IN (%5$s)
				              GROUP BY reference, kind) j ON j.reference = o.%2$s AND j.kind = k.kind
				UNION ALL
				SELECT CONCAT('journal_tx ', j.journal_tx_id, ' ', j.kind, ' of no %1$s ', COALESCE(j.reference, '-')),
				       1, 0
				  FROM journal_tx j
				 WHERE j.kind IN (%5$s) AND NOT EXISTS (SELECT 1 FROM %1$s o WHERE o.%2$s = j.reference)"""
			.formatted(books.table(), books.key(), expected, perKind, kinds);
	}

	/** The ledger's operations of one kind with these references at this channel. */
	public static String byReferences(Map<String, Object> params) {
		ChannelBooks books = (ChannelBooks) params.get("books");
		return "<script>" + columns(books) + " FROM " + books.table() + " o WHERE o.channel = #{channel} AND o."
				+ books.key()
				+ " IN <foreach collection='references' item='r' open='(' separator=',' close=')'>#{r}</foreach></script>";
	}

	/**
	 * The operations of one kind at this channel whose money the ledger recorded as moved
	 * at the channel between {@code from} and {@code to} (UTC): by their settling journal
	 * transaction.
	 */
	public static String settledBetween(Map<String, Object> params) {
		ChannelBooks books = (ChannelBooks) params.get("books");
		return columns(books) + " FROM journal_tx j JOIN " + books.table() + " o ON o." + books.key()
				+ " = j.reference WHERE j.kind = '" + books.settleKind()
				+ "' AND j.created_at >= #{from} AND j.created_at < #{to} AND o.channel = #{channel}"
				+ " AND o.status = 'SUCCEEDED' ORDER BY j.created_at";
	}

	private static String columns(ChannelBooks books) {
		return "SELECT '" + books.operation().name() + "' AS operation, o." + books.key()
				+ " AS reference, o.channel_tx_id, o.amount, o.currency, o.status";
	}

	private static String quoted(List<String> names) {
		return names.stream().map((name) -> "'" + name + "'").collect(Collectors.joining(", "));
	}

}
