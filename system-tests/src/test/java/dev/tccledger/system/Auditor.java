package dev.tccledger.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checked after every end-to-end scenario: the ledger's reconciliation (I1-I5) and I6
 * across both services' data: an order is PAID exactly when all of its freezes are
 * CONFIRMED, FAILED exactly when all are CANCELLED or absent, and nothing is left PENDING
 * or TRIED.
 */
final class Auditor {

	private Auditor() {
	}

	static void audit(TestSystem system) throws SQLException {
		Http.Response reconciliation = Http.get(system.ledger("/api/v1/finance/reconciliation"));
		assertThat(reconciliation.status()).isEqualTo(200);
		for (JsonNode check : reconciliation.body().path("checks")) {
			assertThat(check.path("ok").asBoolean())
				.as(check.path("name").asText() + ": " + check.path("detail").asText())
				.isTrue();
		}
		assertThat(reconciliation.body().path("checks")).hasSize(5);
		assertThat(reconciliation.body().path("ok").asBoolean()).isTrue();

		Map<String, List<String>> freezesByOrder = new HashMap<>();
		try (Connection ledger = system.ledgerDb();
				PreparedStatement q = ledger
					.prepareStatement("SELECT order_no, status FROM freeze WHERE status <> 'DUPLICATE'");
				ResultSet rs = q.executeQuery()) {
			while (rs.next()) {
				freezesByOrder.computeIfAbsent(rs.getString(1), (k) -> new ArrayList<>()).add(rs.getString(2));
			}
		}
		List<String> broken = new ArrayList<>();
		try (Connection orders = system.orderDb();
				PreparedStatement q = orders.prepareStatement(
						"SELECT o.order_no, o.status, COUNT(l.leg_no) FROM orders o JOIN order_leg l ON l.order_no = o.order_no GROUP BY o.order_no, o.status");
				ResultSet rs = q.executeQuery()) {
			while (rs.next()) {
				String orderNo = rs.getString(1);
				String status = rs.getString(2);
				int legs = rs.getInt(3);
				List<String> freezes = freezesByOrder.getOrDefault(orderNo, List.of());
				long confirmed = freezes.stream().filter("CONFIRMED"::equals).count();
				long live = freezes.stream().filter((s) -> s.equals("TRIED") || s.equals("CONFIRMED")).count();
				boolean ok = switch (status) {
					case "PAID" -> confirmed == legs && live == legs;
					case "FAILED" -> live == 0;
					default -> false;
				};
				if (!ok) {
					broken.add(orderNo + " is " + status + " with " + legs + " legs and freezes " + freezes);
				}
			}
		}
		assertThat(broken).as("I6: orders whose status disagrees with their freezes").isEmpty();
	}

}
