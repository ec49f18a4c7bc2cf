package dev.tccledger.channel.operation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operation table. A settlement is a conditional update: only PROCESSING settles. */
@Repository
class Operations {

	private static final String COLUMNS = "channel_tx_id, merchant, type, reference, request, amount, currency,"
			+ " notify_url, destination, payment_reference, status, reason, planned_outcome, callback_delay_ms,"
			+ " created_at, settle_at, expires_at, settled_at";

	private final JdbcClient jdbc;

	Operations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Operation operation) {
		this.jdbc
			.sql("INSERT INTO operation (" + COLUMNS
					+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(operation.channelTxId(), operation.merchant(), operation.type().name(), operation.reference(),
					operation.request(), operation.amount(), operation.currency(), operation.notifyUrl(),
					operation.destination(), operation.paymentReference(), operation.status().name(),
					operation.reason(), operation.plan().outcome().name(), operation.plan().delayMs(),
					timestamp(operation.createdAt()), timestamp(operation.settleAt()), timestamp(operation.expiresAt()),
					timestamp(operation.settledAt()))
			.update();
	}

	Optional<Operation> byReference(String merchant, OperationType type, String reference) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operation WHERE merchant = ? AND type = ? AND reference = ?")
			.params(merchant, type.name(), reference)
			.query(Operations::map)
			.optional();
	}

	/**
	 * The same, with the row locked until the transaction ends (refunds of one payment
	 * queue here).
	 */
	Optional<Operation> byReferenceForUpdate(String merchant, OperationType type, String reference) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM operation WHERE merchant = ? AND type = ? AND reference = ? FOR UPDATE")
			.params(merchant, type.name(), reference)
			.query(Operations::map)
			.optional();
	}

	Optional<Operation> byId(String merchant, String channelTxId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operation WHERE merchant = ? AND channel_tx_id = ?")
			.params(merchant, channelTxId)
			.query(Operations::map)
			.optional();
	}

	/** Refunds of a payment that are not failed: what they hold of the paid amount. */
	long refundsHolding(String merchant, String paymentReference) {
		return this.jdbc
			.sql("SELECT COALESCE(SUM(amount), 0) FROM operation WHERE merchant = ? AND type = 'REFUND'"
					+ " AND payment_reference = ? AND status IN ('PROCESSING', 'SUCCEEDED')")
			.params(merchant, paymentReference)
			.query(Long.class)
			.single();
	}

	/** In-progress operations that may be due: to settle or, for payments, to expire. */
	List<Operation> due(Instant now, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM operation WHERE status = 'PROCESSING'"
					+ " AND (settle_at <= ? OR expires_at <= ?) ORDER BY created_at FETCH FIRST ? ROWS ONLY")
			.params(timestamp(now), timestamp(now), limit)
			.query(Operations::map)
			.list();
	}

	/** True when this call settled it; false when it was no longer PROCESSING. */
	boolean settle(String channelTxId, OperationStatus status, String reason, Instant settledAt) {
		return this.jdbc
			.sql("UPDATE operation SET status = ?, reason = ?, settled_at = ? WHERE channel_tx_id = ?"
					+ " AND status = 'PROCESSING'")
			.params(status.name(), reason, timestamp(settledAt), channelTxId)
			.update() == 1;
	}

	/**
	 * A merchant's operations settled in {@code [from, to)}, in the order they settled.
	 */
	List<Operation> settledBetween(String merchant, Instant from, Instant to) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM operation WHERE merchant = ? AND settled_at >= ? AND settled_at < ?"
					+ " ORDER BY settled_at, channel_tx_id")
			.params(merchant, timestamp(from), timestamp(to))
			.query(Operations::map)
			.list();
	}

	private static Operation map(ResultSet rs, int row) throws SQLException {
		return new Operation(rs.getString("channel_tx_id"), rs.getString("merchant"),
				OperationType.valueOf(rs.getString("type")), rs.getString("reference"), rs.getString("request"),
				rs.getLong("amount"), rs.getString("currency"), rs.getString("notify_url"), rs.getString("destination"),
				rs.getString("payment_reference"), OperationStatus.valueOf(rs.getString("status")),
				rs.getString("reason"),
				new Plan(Outcome.valueOf(rs.getString("planned_outcome")), rs.getLong("callback_delay_ms")),
				instant(rs, "created_at"), instant(rs, "settle_at"), instant(rs, "expires_at"),
				instant(rs, "settled_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
