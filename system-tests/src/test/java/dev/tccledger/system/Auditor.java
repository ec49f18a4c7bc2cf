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

	/** The ledger's reconciliation check that reports each of I1-I5. */
	static final Map<String, String> RECONCILIATION_CHECKS = Map.of("I1", "non_negative", "I2",
			"frozen_matches_freezes", "I3", "conservation", "I4", "journal_matches_balances", "I5", "journal_balanced",
			"I7", "channel_operations_posted");

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
		add(findings, "I6", orderSide(ledger, orders));
		add(findings, "I7", channelOperationsPosted(ledger));
		return findings;
	}

	/**
	 * I7: each recharge and withdrawal has the journal transactions its status calls for,
	 * and they moved its amount on its account: a recharge SUCCEEDED one RECHARGE
	 * (+amount available), in any other status none; a withdrawal one WITHDRAWAL_HOLD,
	 * plus one WITHDRAWAL_CAPTURE when SUCCEEDED (net: -amount available) or one
	 * WITHDRAWAL_RELEASE when FAILED (net: nothing), neither while PROCESSING or
	 * NEEDS_ATTENTION (net: the amount moved to frozen). No transaction of these kinds
	 * without its operation.
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
						SELECT 'withdrawal', w.withdrawal_no, w.status, w.amount,
						       COUNT(DISTINCT IF(j.kind = 'WITHDRAWAL_HOLD', j.journal_tx_id, NULL)) AS holds,
						       COUNT(DISTINCT IF(j.kind = 'WITHDRAWAL_CAPTURE', j.journal_tx_id, NULL)) AS captures,
						       COUNT(DISTINCT IF(j.kind = 'WITHDRAWAL_RELEASE', j.journal_tx_id, NULL)) AS releases,
						       COALESCE(SUM(IF(l.account_id = w.account_id AND l.bucket = 'AVAILABLE', l.delta, 0)), 0) AS available,
						       COALESCE(SUM(IF(l.account_id = w.account_id AND l.bucket = 'FROZEN', l.delta, 0)), 0) AS frozen
						  FROM withdrawal w
						  LEFT JOIN journal_tx j ON j.reference = w.withdrawal_no
						       AND j.kind IN ('WITHDRAWAL_HOLD', 'WITHDRAWAL_CAPTURE', 'WITHDRAWAL_RELEASE')
						  LEFT JOIN journal_line l ON l.journal_tx_id = j.journal_tx_id
						 GROUP BY w.withdrawal_no, w.status, w.amount
						HAVING holds <> 1 OR captures <> IF(w.status = 'SUCCEEDED', 1, 0) OR releases <> IF(w.status = 'FAILED', 1, 0)
						    OR available <> IF(w.status = 'FAILED', 0, -w.amount)
						    OR frozen <> IF(w.status IN ('PROCESSING', 'NEEDS_ATTENTION'), w.amount, 0)"""));
		broken.addAll(rows(ledger, """
				SELECT 'journal_tx without its operation', j.journal_tx_id, j.kind, j.reference FROM journal_tx j
				 WHERE (j.kind = 'RECHARGE' AND NOT EXISTS (SELECT 1 FROM recharge r WHERE r.recharge_no = j.reference))
				    OR (j.kind IN ('WITHDRAWAL_HOLD', 'WITHDRAWAL_CAPTURE', 'WITHDRAWAL_RELEASE')
				        AND NOT EXISTS (SELECT 1 FROM withdrawal w WHERE w.withdrawal_no = j.reference))"""));
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
						+ " WHERE status IN ('TRIED', 'CONFIRMED')")) {
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
