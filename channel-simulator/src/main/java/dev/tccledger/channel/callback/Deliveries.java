package dev.tccledger.channel.callback;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delivery table: what is still to be called back survives a restart. */
@Repository
class Deliveries {

	private final JdbcClient jdbc;

	Deliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String eventId, String merchant, String notifyUrl, String body, Instant firstAttemptAt) {
		this.jdbc
			.sql("INSERT INTO delivery (event_id, merchant, notify_url, body, status, attempts, next_attempt_at)"
					+ " VALUES (?, ?, ?, ?, 'PENDING', 0, ?)")
			.params(eventId, merchant, notifyUrl, body, Timestamp.from(firstAttemptAt))
			.update();
	}

	List<Delivery> due(Instant now, int limit) {
		return this.jdbc
			.sql("SELECT id, event_id, merchant, notify_url, body, attempts FROM delivery"
					+ " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id"
					+ " FETCH FIRST ? ROWS ONLY")
			.params(Timestamp.from(now), limit)
			.query((rs, row) -> new Delivery(rs.getLong("id"), rs.getString("event_id"), rs.getString("merchant"),
					rs.getString("notify_url"), rs.getString("body"), rs.getInt("attempts")))
			.list();
	}

	void delivered(long id, String result, Instant at) {
		this.jdbc
			.sql("UPDATE delivery SET status = 'DELIVERED', attempts = attempts + 1, last_result = ?,"
					+ " delivered_at = ? WHERE id = ?")
			.params(result, Timestamp.from(at), id)
			.update();
	}

	void failed(long id, String result, Instant nextAttemptAt) {
		this.jdbc.sql("UPDATE delivery SET attempts = attempts + 1, last_result = ?, next_attempt_at = ? WHERE id = ?")
			.params(result, Timestamp.from(nextAttemptAt), id)
			.update();
	}

}
