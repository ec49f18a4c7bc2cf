package dev.tccledger.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checked after every end-to-end scenario, computed here from both services' databases
 * (not taken from the ledger's own report, which could share a bug with the code it
 * checks): I1-I5 over the ledger's books and I6 across both services, with amounts
 * compared, not counts. The ledger's {@code /api/v1/finance/reconciliation} must agree.
 * The invariants are those of docs/architecture.md.
 */
final class Auditor {

	/**
	 * The ledger's reconciliation check that reports each of I1-I5, I7 and I8 (its ledger
	 * half).
	 */
	static final Map<String, String> RECONCILIATION_CHECKS = Map.of("I1", "non_negative", "I2",
			"frozen_matches_freezes", "I3", "conservation", "I4", "journal_matches_balances", "I5", "journal_balanced",
			"I7", "channel_operations_posted", "I8", "refunds_within_captured");

	private Auditor() {
	}

	/**
	 * Fails unless both databases satisfy I1-I6 and the ledger's reconciliation says the
	 * same.
	 */
	static void audit(TestSystem system) throws SQLException {
		Map<String, List<String>> findings;
		try (Connection ledger = system.ledgerDb(); Connection orders = system.orderDb()) {
			findings = findings(ledger, orders);
		}
		assertThat(findings).as("invariants broken, computed from the databases").isEmpty();
		Map<String, Boolean> reconciliation = reconciliation(system.ledger(""),
				system.token(Tokens.Client.FINANCE_VIEWER));
		assertThat(reconciliation).as("the ledger's reconciliation").doesNotContainValue(false);
	}

	/**
	 * The ledger's reconciliation, per invariant I1-I5: true when its check passed. Fails
	 * unless it is answered 200 with every one of the five checks; read with a token
	 * holding finance:read.
	 */
	static Map<String, Boolean> reconciliation(String ledgerBase, String financeToken) {
		Http.Response answer = Http.get(ledgerBase + "/api/v1/finance/reconciliation", financeToken).expect(200);
		Map<String, Boolean> byName = new HashMap<>();
		for (JsonNode check : answer.body().path("checks")) {
			assertThat(check.path("ok").isBoolean()).as(answer.raw()).isTrue();
			byName.put(check.path("name").asText(), check.path("ok").asBoolean());
		}
		Map<String, Boolean> byInvariant = new TreeMap<>();
		RECONCILIATION_CHECKS.forEach((invariant, name) -> {
			assertThat(byName).as(answer.raw()).containsKey(name);
			byInvariant.put(invariant, byName.get(name));
		});
		assertThat(answer.body().path("ok").asBoolean()).as(answer.raw()).isEqualTo(!byName.containsValue(false));
		return byInvariant;
	}

	/** Every broken invariant (I1-I6) with what breaks it; empty when the books hold. */
	static Map<String, List<String>> findings(Connection ledger, Connection orders) throws SQLException {
		Map<String, List<String>> findings = new TreeMap<>();
		// I1: only a SYSTEM account (the outside world) may go below zero
		add(findings, "I1", rows(ledger, """
				SELECT account_id, available, frozen FROM account
				 WHERE kind <> 'SYSTEM' AND (available < 0 OR frozen < 0)"""));
		// I2: an account's frozen money is exactly its holds: TRIED freezes, and
		// withdrawals and recharge refunds not yet settled (PROCESSING, NEEDS_ATTENTION)
		add(findings, "I2", rows(ledger, """
				SELECT a.account_id, a.frozen, t.tried FROM account a
				  LEFT JOIN (SELECT account_id, SUM(amount) AS tried FROM (
				               SELECT account_id, amount FROM freeze WHERE status = 'TRIED'
				               UNION ALL
				               SELECT account_id, amount FROM withdrawal
				                WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION')
				               UNION ALL
				               SELECT account_id, amount FROM recharge_refund
				                WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION')) h
				              GROUP BY account_id) t ON t.account_id = a.account_id
				 WHERE a.frozen <> COALESCE(t.tried, 0)
				UNION ALL
				SELECT f.account_id, NULL, SUM(f.amount) FROM freeze f
				 WHERE f.status = 'TRIED' AND NOT EXISTS (SELECT 1 FROM account a WHERE a.account_id = f.account_id)
				 GROUP BY f.account_id"""));
		// I3: money is neither made nor lost: each currency sums to zero
		add(findings, "I3", rows(ledger, """
				SELECT currency, SUM(available) + SUM(frozen) FROM account
				 GROUP BY currency HAVING SUM(available) + SUM(frozen) <> 0"""));
		// I4: each balance is the sum of its journal lines, per bucket
		add(findings, "I4", rows(ledger, """
				SELECT a.account_id, a.available, a.frozen, j.available, j.frozen FROM account a
				  LEFT JOIN (SELECT account_id, SUM(IF(bucket = 'AVAILABLE', delta, 0)) AS available,
				                    SUM(IF(bucket = 'FROZEN', delta, 0)) AS frozen
				               FROM journal_line GROUP BY account_id) j ON j.account_id = a.account_id
				 WHERE a.available <> COALESCE(j.available, 0) OR a.frozen <> COALESCE(j.frozen, 0)"""));
		// I5: each journal transaction is balanced
		add(findings, "I5", rows(ledger, """
				SELECT journal_tx_id, SUM(delta) FROM journal_line
				 GROUP BY journal_tx_id HAVING SUM(delta) <> 0"""));
		List<String> i6 = new ArrayList<>(orderSide(ledger, orders));
		i6.addAll(refundsSettled(ledger, orders));
		add(findings, "I6", i6);
		add(findings, "I7", channelOperationsPosted(ledger));
		add(findings, "I8", refundsWithinCaptured(ledger, orders));
		return findings;
	}

	/**
	 * I7: each recharge, withdrawal and recharge refund has the journal transactions its
	 * status calls for, and they moved its amount on its account: a recharge SUCCEEDED
	 * one RECHARGE (+amount available), in any other status none; a withdrawal one
	 * WITHDRAWAL_HOLD, plus one WITHDRAWAL_CAPTURE when SUCCEEDED (net: -amount
	 * available) or one WITHDRAWAL_RELEASE when FAILED (net: nothing), neither while
	 * PROCESSING or NEEDS_ATTENTION (net: the amount moved to frozen); a recharge refund
	 * the same way with its RECHARGE_REFUND_ kinds. No transaction of these kinds without
	 * its operation.
	 */
	static List<String> channelOperationsPosted(Connection ledger) throws SQLException {
		List<String> broken = new ArrayList<>(rows(ledger,
				"""
						SELECT 'recharge', r.recharge_no, r.status, r.amount, COUNT(DISTINCT j.journal_tx_id) AS txs,
						       COALESCE(SUM(IF(l.account_id = r.account_id AND l.bucket = 'AVAILABLE', l.delta, 0)), 0) AS credited
						  FROM recharge r
						  LEFT JOIN journal_tx j ON j.kind = 'RECHARGE' AND j.reference = r.recharge_no
						  LEFT JOIN journal_line l ON l.journal_tx_id = j.journal_tx_id
						 GROUP BY r.recharge_no, r.status, r.amount
						HAVING txs <> IF(r.status = 'SUCCEEDED', 1, 0) OR credited <> IF(r.status = 'SUCCEEDED', r.amount, 0)"""));
		broken.addAll(rows(ledger,
				"""
						SELECT 'journal_tx without its recharge', j.journal_tx_id, j.kind, j.reference FROM journal_tx j
						 WHERE j.kind = 'RECHARGE' AND NOT EXISTS (SELECT 1 FROM recharge r WHERE r.recharge_no = j.reference)"""));
		broken.addAll(heldFirst(ledger, "withdrawal", "withdrawal_no", "WITHDRAWAL"));
		broken.addAll(heldFirst(ledger, "recharge_refund", "refund_no", "RECHARGE_REFUND"));
		return broken;
	}

	/**
	 * An operation that holds first (a withdrawal, a recharge refund): one {kind}_HOLD,
	 * one {kind}_CAPTURE when SUCCEEDED or one {kind}_RELEASE when FAILED, and the net
	 * movement on its account that its status calls for; plus its kinds' transactions
	 * whose operation does not exist.
	 */
	private static List<String> heldFirst(Connection ledger, String table, String key, String kind)
			throws SQLException {
		List<String> broken = new ArrayList<>(rows(ledger,
				"""
						SELECT '%1$s', o.%2$s, o.status, o.amount,
						       COUNT(DISTINCT IF(j.kind = '%3$s_HOLD', j.journal_tx_id, NULL)) AS holds,
						       COUNT(DISTINCT IF(j.kind = '%3$s_CAPTURE', j.journal_tx_id, NULL)) AS captures,
						       COUNT(DISTINCT IF(j.kind = '%3$s_RELEASE', j.journal_tx_id, NULL)) AS releases,
						       COALESCE(SUM(IF(l.account_id = o.account_id AND l.bucket = 'AVAILABLE', l.delta, 0)), 0) AS available,
						       COALESCE(SUM(IF(l.account_id = o.account_id AND l.bucket = 'FROZEN', l.delta, 0)), 0) AS frozen
						  FROM %1$s o
						  LEFT JOIN journal_tx j ON j.reference = o.%2$s
						       AND j.kind IN ('%3$s_HOLD', '%3$s_CAPTURE', '%3$s_RELEASE')
						  LEFT JOIN journal_line l ON l.journal_tx_id = j.journal_tx_id
						 GROUP BY o.%2$s, o.status, o.amount
						HAVING holds <> 1 OR captures <> IF(o.status = 'SUCCEEDED', 1, 0) OR releases <> IF(o.status = 'FAILED', 1, 0)
						    OR available <> IF(o.status = 'FAILED', 0, -o.amount)
						    OR frozen <> IF(o.status IN ('PROCESSING', 'NEEDS_ATTENTION'), o.amount, 0)"""
					.formatted(table, key, kind)));
		broken.addAll(rows(ledger, """
				SELECT 'journal_tx without its %1$s', j.journal_tx_id, j.kind, j.reference FROM journal_tx j
				 WHERE j.kind IN ('%3$s_HOLD', '%3$s_CAPTURE', '%3$s_RELEASE')
				   AND NOT EXISTS (SELECT 1 FROM %1$s o WHERE o.%2$s = j.reference)""".formatted(table, key, kind)));
		return broken;
	}

	/**
	 * I6: an order is PAID exactly when each of its legs has a CONFIRMED freeze of the
	 * same account and amount (and nothing else is live), FAILED exactly when none of its
	 * freezes is live; nothing is PENDING, no order lacks legs, no live freeze lacks an
	 * order.
	 */
	private static List<String> orderSide(Connection ledger, Connection orders) throws SQLException {
		Map<String, List<String>> liveFreezes = new HashMap<>();
		Map<String, List<String>> confirmed = new HashMap<>();
		try (Statement s = ledger.createStatement();
				ResultSet rs = s.executeQuery("SELECT order_no, account_id, amount, status FROM freeze"
						+ " WHERE status IN ('TRIED', 'CONFIRMED') AND kind = 'PAYMENT'")) {
			while (rs.next()) {
				String orderNo = rs.getString(1);
				String leg = rs.getString(2) + "=" + rs.getLong(3);
				liveFreezes.computeIfAbsent(orderNo, (k) -> new ArrayList<>()).add(leg + " " + rs.getString(4));
				if ("CONFIRMED".equals(rs.getString(4))) {
					confirmed.computeIfAbsent(orderNo, (k) -> new ArrayList<>()).add(leg);
				}
			}
		}
		Map<String, String[]> orderRows = new LinkedHashMap<>();
		Map<String, List<String>> legs = new HashMap<>();
		Map<String, Long> legTotal = new HashMap<>();
		try (Statement s = orders.createStatement();
				ResultSet rs = s.executeQuery("SELECT o.order_no, o.status, o.amount, l.account_id, l.amount"
						+ " FROM orders o LEFT JOIN order_leg l ON l.order_no = o.order_no")) {
			while (rs.next()) {
				String orderNo = rs.getString(1);
				orderRows.put(orderNo, new String[] { rs.getString(2), rs.getString(3) });
				if (rs.getString(4) != null) {
					legs.computeIfAbsent(orderNo, (k) -> new ArrayList<>()).add(rs.getString(4) + "=" + rs.getLong(5));
					legTotal.merge(orderNo, rs.getLong(5), Long::sum);
				}
			}
		}
		List<String> broken = new ArrayList<>();
		orderRows.forEach((orderNo, row) -> {
			String status = row[0];
			long amount = Long.parseLong(row[1]);
			List<String> orderLegs = sorted(legs.get(orderNo));
			List<String> live = sorted(liveFreezes.get(orderNo));
			List<String> paid = sorted(confirmed.get(orderNo));
			boolean ok = switch (status) {
				case "PAID" -> !orderLegs.isEmpty() && orderLegs.equals(paid) && live.size() == paid.size()
						&& legTotal.get(orderNo) == amount;
				case "FAILED" -> !orderLegs.isEmpty() && live.isEmpty();
				default -> false;
			};
			if (!ok) {
				broken.add("order " + orderNo + " " + status + " for " + amount + " with legs " + orderLegs
						+ " and live freezes " + live);
			}
		});
		liveFreezes.forEach((orderNo, live) -> {
			if (!orderRows.containsKey(orderNo)) {
				broken.add("freezes " + live + " of order " + orderNo + ", which order-service never recorded");
			}
		});
		return broken;
	}

	/**
	 * I6 restated for refunds: a refund is SUCCEEDED exactly when each of its legs has a
	 * CONFIRMED refund freeze of the same paying account and amount (and nothing else of
	 * it is live), FAILED exactly when none of its refund freezes is live; none is left
	 * PENDING, and no live refund freeze lacks a refund.
	 */
	static List<String> refundsSettled(Connection ledger, Connection orders) throws SQLException {
		Map<String, List<String>> live = new HashMap<>();
		Map<String, List<String>> confirmed = new HashMap<>();
		try (Statement s = ledger.createStatement();
				ResultSet rs = s.executeQuery("SELECT refund_no, payee_account_id, amount, status FROM freeze"
						+ " WHERE kind = 'REFUND' AND status IN ('TRIED', 'CONFIRMED')")) {
			while (rs.next()) {
				String leg = rs.getString(2) + "=" + rs.getLong(3);
				live.computeIfAbsent(rs.getString(1), (k) -> new ArrayList<>()).add(leg + " " + rs.getString(4));
				if ("CONFIRMED".equals(rs.getString(4))) {
					confirmed.computeIfAbsent(rs.getString(1), (k) -> new ArrayList<>()).add(leg);
				}
			}
		}
		Map<String, String> status = new LinkedHashMap<>();
		Map<String, List<String>> legs = new HashMap<>();
		try (Statement s = orders.createStatement();
				ResultSet rs = s.executeQuery("SELECT r.refund_no, r.status, l.account_id, l.amount FROM refund r"
						+ " LEFT JOIN refund_leg l ON l.refund_no = r.refund_no")) {
			while (rs.next()) {
				status.put(rs.getString(1), rs.getString(2));
				if (rs.getString(3) != null) {
					legs.computeIfAbsent(rs.getString(1), (k) -> new ArrayList<>())
						.add(rs.getString(3) + "=" + rs.getLong(4));
				}
			}
		}
		List<String> broken = new ArrayList<>();
		status.forEach((refundNo, refundStatus) -> {
			List<String> refundLegs = sorted(legs.get(refundNo));
			List<String> itsLive = sorted(live.get(refundNo));
			List<String> itsConfirmed = sorted(confirmed.get(refundNo));
			boolean ok = switch (refundStatus) {
				case "SUCCEEDED" ->
					!refundLegs.isEmpty() && refundLegs.equals(itsConfirmed) && itsLive.size() == itsConfirmed.size();
				case "FAILED" -> itsLive.isEmpty();
				default -> false;
			};
			if (!ok) {
				broken.add("refund " + refundNo + " " + refundStatus + " with legs " + refundLegs
						+ " and live refund freezes " + itsLive);
			}
		});
		live.forEach((refundNo, itsLive) -> {
			if (!status.containsKey(refundNo)) {
				broken.add("refund freezes " + itsLive + " of refund " + refundNo
						+ ", which order-service never recorded");
			}
		});
		return broken;
	}

	/**
	 * I8: per order and paying account, what was refunded (CONFIRMED refund freezes) is
	 * no more than what was captured (its CONFIRMED payment freeze), and the payment's
	 * refund_claimed is exactly its live refunds; an order's refunded is the sum of its
	 * SUCCEEDED refunds.
	 */
	static List<String> refundsWithinCaptured(Connection ledger, Connection orders) throws SQLException {
		List<String> broken = new ArrayList<>(rows(ledger,
				"""
						SELECT p.order_no, p.account_id, p.amount, p.refund_claimed, r.live, r.refunded FROM freeze p
						  LEFT JOIN (SELECT order_no, account_id, payee_account_id, SUM(amount) AS live,
						                    SUM(IF(status = 'CONFIRMED', amount, 0)) AS refunded
						               FROM freeze WHERE kind = 'REFUND' AND status IN ('TRIED', 'CONFIRMED')
						              GROUP BY order_no, account_id, payee_account_id) r
						    ON r.order_no = p.order_no AND r.payee_account_id = p.account_id AND r.account_id = p.payee_account_id
						 WHERE p.kind = 'PAYMENT' AND p.status = 'CONFIRMED'
						   AND (COALESCE(r.live, 0) <> p.refund_claimed OR COALESCE(r.refunded, 0) > p.amount)
						UNION ALL
						SELECT r.order_no, r.payee_account_id, NULL, NULL, SUM(r.amount), NULL FROM freeze r
						 WHERE r.kind = 'REFUND' AND r.status IN ('TRIED', 'CONFIRMED')
						   AND NOT EXISTS (SELECT 1 FROM freeze p WHERE p.kind = 'PAYMENT' AND p.status = 'CONFIRMED'
						                      AND p.order_no = r.order_no AND p.account_id = r.payee_account_id
						                      AND p.payee_account_id = r.account_id)
						 GROUP BY r.order_no, r.payee_account_id"""));
		broken.addAll(rows(orders, """
				SELECT o.order_no, o.amount, o.refunded, s.total FROM orders o
				  LEFT JOIN (SELECT order_no, SUM(amount) AS total FROM refund WHERE status = 'SUCCEEDED'
				              GROUP BY order_no) s ON s.order_no = o.order_no
				 WHERE o.refunded <> COALESCE(s.total, 0) OR o.refunded > o.amount"""));
		return broken;
	}

	private static List<String> sorted(List<String> list) {
		return (list != null) ? list.stream().sorted().toList() : List.of();
	}

	private static void add(Map<String, List<String>> findings, String invariant, List<String> broken) {
		if (!broken.isEmpty()) {
			findings.put(invariant, broken);
		}
	}

	static List<String> rows(Connection connection, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				StringBuilder row = new StringBuilder();
				for (int i = 1; i <= columns; i++) {
					row.append(i > 1 ? " | " : "").append(rs.getString(i));
				}
				rows.add(row.toString());
			}
		}
		return rows;
	}

}
