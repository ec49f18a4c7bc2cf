package dev.tccledger.order.payment;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tccledger.support.outbox.Outbox;
import dev.tccledger.support.outbox.OutboxEvent;

import org.springframework.stereotype.Component;

/**
 * What order-service tells the webhooks subscribed to its events once an order or a
 * refund settles (docs/architecture.md, notifications), written to the outbox inside the
 * transaction of the transition. Orders name no phone: webhooks only.
 */
@Component
class OrderNotifications {

	static final String ORDER_PAID = "ORDER_PAID";

	static final String ORDER_FAILED = "ORDER_FAILED";

	static final String REFUND_SUCCEEDED = "REFUND_SUCCEEDED";

	private final Outbox outbox;

	OrderNotifications(Outbox outbox) {
		this.outbox = outbox;
	}

	void orderSettled(Order order, OrderStatus settled, String reason) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderNo", order.getOrderNo());
		data.put("payeeAccountId", order.getPayeeAccountId());
		data.put("amount", order.getAmount());
		data.put("currency", order.getCurrency());
		data.put("status", settled.name());
		String why = (order.getReason() != null) ? order.getReason() : reason;
		if (settled == OrderStatus.FAILED && why != null) {
			data.put("reason", why);
		}
		this.outbox.publish(
				OutboxEvent.of((settled == OrderStatus.PAID) ? ORDER_PAID : ORDER_FAILED, order.getOrderNo(), data));
	}

	void refundSucceeded(Refund refund) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("refundNo", refund.getRefundNo());
		data.put("orderNo", refund.getOrderNo());
		data.put("amount", refund.getAmount());
		data.put("status", "SUCCEEDED");
		this.outbox.publish(OutboxEvent.of(REFUND_SUCCEEDED, refund.getRefundNo(), data));
	}

}
