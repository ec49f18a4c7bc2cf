package dev.tccledger.order.payment;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tccledger.order.SecuredOrderService;
import dev.tccledger.order.payment.OrderRules.Event;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order's settlement writes its notification in the transaction of the transition:
 * once per settlement, and not at all when that transaction rolls back. (The dispatcher
 * and the receivers are tcc-support's and the ledger's tests.)
 */
@TestPropertySource(properties = {
		"spring.datasource.url=jdbc:h2:mem:order-notifications;MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1",
		"tcc.notifications.period-ms=3600000", "tcc.notifications.webhooks.ORDER_PAID=http://127.0.0.1:9/orders",
		"tcc.notifications.webhooks.ORDER_FAILED=http://127.0.0.1:9/orders" })
class OrderNotificationsTest extends SecuredOrderService {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	OrderStore orders;

	@Autowired
	OrderMapper rows;

	@Autowired
	TransactionTemplate tx;

	@Test
	void aPaidOrderIsAnnouncedOnceInTheTransactionOfItsConfirm() {
		pending("notify-paid", "xid-paid");
		assertThat(this.orders.apply("notify-paid", Event.TRY, "xid-paid", 7L, null, null, null).outcome())
			.isEqualTo(OrderRules.Outcome.APPLY);
		assertThat(events("notify-paid")).isEmpty();
		this.orders.apply("notify-paid", Event.CONFIRM, "xid-paid", 7L, null, null, null);
		this.orders.apply("notify-paid", Event.CONFIRM, "xid-paid", 7L, null, null, null);
		assertThat(this.rows.find("notify-paid").getStatus()).isEqualTo(OrderStatus.PAID);
		assertThat(events("notify-paid")).containsExactly("ORDER_PAID");
		assertThat(payload("notify-paid")).contains("\"amount\":100", "\"status\":\"PAID\"");
	}

	@Test
	void aCancelWhoseTransactionRollsBackAnnouncesNothing() {
		pending("notify-rolled-back", "xid-rb");
		assertThat(this.orders.apply("notify-rolled-back", Event.TRY, "xid-rb", 8L, null, null, null).outcome())
			.isEqualTo(OrderRules.Outcome.APPLY);
		this.tx.executeWithoutResult((status) -> {
			this.orders.apply("notify-rolled-back", Event.CANCEL, "xid-rb", 8L, "ROLLED_BACK", null, null);
			assertThat(events("notify-rolled-back")).containsExactly("ORDER_FAILED");
			status.setRollbackOnly();
		});
		assertThat(this.rows.find("notify-rolled-back").getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(events("notify-rolled-back")).isEmpty();
		this.orders.apply("notify-rolled-back", Event.CANCEL, "xid-rb", 8L, "ROLLED_BACK", null, null);
		assertThat(events("notify-rolled-back")).containsExactly("ORDER_FAILED");
		assertThat(payload("notify-rolled-back")).contains("\"reason\":\"ROLLED_BACK\"");
	}

	/** An order recorded and bound to its global transaction, as placing it leaves it. */
	void pending(String orderNo, String xid) {
		this.rows.insert(Order.place(new PlaceOrder(orderNo, "shop", "CNY", List.of(new PlaceOrder.Leg("alice", 100))),
				"notify-test", OrderClock.now()));
		this.jdbc.update("UPDATE orders SET xid = ? WHERE order_no = ?", xid, orderNo);
	}

	List<String> events(String orderNo) {
		return this.jdbc.queryForList("SELECT event_type FROM notification WHERE subject = ?", String.class, orderNo);
	}

	String payload(String orderNo) {
		return this.jdbc.queryForObject("SELECT payload FROM notification WHERE subject = ?", String.class, orderNo);
	}

}
