package dev.tccledger.support.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code notification} table. Every change after the insert is a conditional UPDATE
 * whose row count says whether it happened: a claim only of a due row nobody holds, an
 * outcome only by the holder of the lease, a re-drive only of a PARKED row.
 */
final class NotificationStore {

	private static final String COLUMNS = "id, event_type, subject, channel, destination, status, attempts,"
			+ " next_attempt_at, last_error, created_at, sent_at, redriven_by, redriven_at";

	private final JdbcTemplate jdbc;

	NotificationStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A row to deliver: what the dispatcher needs. */
	record Due(String id, String type, Notification.Channel channel, String destination, String payload, int attempts) {
	}

	static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	void insert(String id, String type, String subject, Notification.Channel channel, String destination,
			String payload, LocalDateTime at) {
		this.jdbc.update("""
				INSERT INTO notification (id, event_type, subject, channel, destination, payload, status, attempts,
				                          next_attempt_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)""", id, type, subject, channel.name(), destination,
				payload, at, at, at);
	}

	/** Candidates: PENDING rows due by {@code now} that no live lease holds. */
	List<Due> due(LocalDateTime now, int limit) {
		return this.jdbc.query("""
				SELECT id, event_type, channel, destination, payload, attempts FROM notification
				 WHERE status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
				 ORDER BY next_attempt_at LIMIT ?""", NotificationStore::mapDue, now, now, limit);
	}

	/** The row if it is due by {@code now} and no live lease holds it. */
	Optional<Due> due(String id, LocalDateTime now) {
		return this.jdbc
			.query("""
					SELECT id, event_type, channel, destination, payload, attempts FROM notification
					 WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)""",
					NotificationStore::mapDue, id, now, now)
			.stream()
			.findFirst();
	}

	boolean anyDue(LocalDateTime now) {
		return !this.jdbc.queryForList("""
				SELECT id FROM notification
				 WHERE status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
				 LIMIT 1""", String.class, now, now).isEmpty();
	}

	/** True when {@code owner} now holds the row until {@code until}. */
	boolean claim(String id, String owner, LocalDateTime now, LocalDateTime until) {
		return this.jdbc
			.update("""
					UPDATE notification SET lease_owner = ?, lease_until = ?
					 WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)""",
					owner, until, id, now, now) == 1;
	}

	/** False when the lease was lost meanwhile (another instance owns the row now). */
	boolean record(String id, String owner, NotificationStatus status, int attempts, LocalDateTime nextAttemptAt,
			String error, LocalDateTime now) {
		return this.jdbc.update("""
				UPDATE notification SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
				       sent_at = CASE WHEN ? = 'SENT' THEN ? ELSE sent_at END,
				       lease_owner = NULL, lease_until = NULL, updated_at = ?
				 WHERE id = ? AND lease_owner = ? AND status = 'PENDING'""", status.name(), attempts, nextAttemptAt,
				truncate(error), status.name(), now, now, id, owner) == 1;
	}

	/** A PARKED row back to PENDING, due now, its attempts counted afresh. */
	boolean redrive(String id, String subject, LocalDateTime now) {
		return this.jdbc.update("""
				UPDATE notification SET status = 'PENDING', attempts = 0, next_attempt_at = ?, lease_owner = NULL,
				       lease_until = NULL, redriven_by = ?, redriven_at = ?, updated_at = ?
				 WHERE id = ? AND status = 'PARKED'""", now, subject, now, now, id) == 1;
	}

	Optional<Notification> find(String id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM notification WHERE id = ?", NotificationStore::map, id)
			.stream()
			.findFirst();
	}

	List<Notification> list(NotificationStatus status, int limit) {
		return this.jdbc.query(
				"SELECT " + COLUMNS + " FROM notification WHERE status = ? ORDER BY created_at DESC, id LIMIT ?",
				NotificationStore::map, status.name(), limit);
	}

	long count(NotificationStatus status) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE status = ?", Long.class,
				status.name());
		return (n != null) ? n : 0;
	}

	private static Due mapDue(ResultSet rs, int row) throws SQLException {
		return new Due(rs.getString("id"), rs.getString("event_type"),
				Notification.Channel.valueOf(rs.getString("channel")), rs.getString("destination"),
				rs.getString("payload"), rs.getInt("attempts"));
	}

	private static Notification map(ResultSet rs, int row) throws SQLException {
		return new Notification(rs.getString("id"), rs.getString("event_type"), rs.getString("subject"),
				Notification.Channel.valueOf(rs.getString("channel")), rs.getString("destination"),
				NotificationStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
				instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "created_at"),
				instant(rs, "sent_at"), rs.getString("redriven_by"), instant(rs, "redriven_at"));
	}

	/** Stored times are UTC wall-clock values. */
	private static Instant instant(ResultSet rs, String column) throws SQLException {
		LocalDateTime stored = rs.getObject(column, LocalDateTime.class);
		return (stored != null) ? stored.toInstant(ZoneOffset.UTC) : null;
	}

	private static String truncate(String error) {
		return (error == null || error.length() <= 500) ? error : error.substring(0, 500);
	}

}
