package dev.tccledger.order.payment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.tccledger.order.OrderError;
import dev.tccledger.order.OrderException;
import dev.tccledger.support.security.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

	private final OrderPlacement orders;

	OrderController(OrderPlacement orders) {
		this.orders = orders;
	}

	record LegRequest(String accountId, Long amount) {
	}

	record PlaceOrderRequest(String orderNo, String payeeAccountId, String currency, List<LegRequest> legs) {
	}

	record LegView(String accountId, long amount, Long freezeId) {
	}

	record OrderView(String orderNo, OrderStatus status, String reason, String reasonDetail, String xid, long amount,
			String currency, String payeeAccountId, List<LegView> legs, String createdBy, Instant createdAt,
			Instant updatedAt) {

		static OrderView of(Order o) {
			return new OrderView(o.getOrderNo(), o.getStatus(), o.getReason(), o.getReasonDetail(), o.getXid(),
					o.getAmount(), o.getCurrency(), o.getPayeeAccountId(),
					o.getLegs()
						.stream()
						.map((l) -> new LegView(l.getAccountId(), l.getAmount(), l.getFreezeId()))
						.toList(),
					o.getCreatedBy(), utc(o.getCreatedAt()), utc(o.getUpdatedAt()));
		}

	}

	/**
	 * 201 PAID, 202 PENDING (not final yet), a problem for FAILED; a replay answers what
	 * the order is now (200 PAID, 202 PENDING, the same problem for FAILED).
	 */
	@PostMapping
	ResponseEntity<OrderView> place(@RequestBody PlaceOrderRequest body) {
		OrderPlacement.Placed placed = this.orders.place(toCommand(body), Caller.subject());
		Order order = placed.order();
		return switch (order.getStatus()) {
			case PAID ->
				ResponseEntity.status(placed.replay() ? HttpStatus.OK : HttpStatus.CREATED).body(OrderView.of(order));
			case PENDING -> ResponseEntity.status(HttpStatus.ACCEPTED).body(OrderView.of(order));
			case FAILED -> throw new OrderException(failure(order), String.valueOf(order.getReasonDetail()), order);
		};
	}

	@GetMapping("/{orderNo}")
	OrderView get(@PathVariable String orderNo) {
		return OrderView.of(this.orders.get(orderNo));
	}

	/**
	 * The refusal a FAILED order is answered with: every reason recorded on an order is
	 * an {@link OrderError} name; anything else is a defect, answered as one.
	 */
	static OrderError failure(Order order) {
		try {
			return (order.getReason() != null) ? OrderError.valueOf(order.getReason()) : OrderError.INTERNAL_ERROR;
		}
		catch (IllegalArgumentException unknownReason) {
			return OrderError.INTERNAL_ERROR;
		}
	}

	private static PlaceOrder toCommand(PlaceOrderRequest body) {
		if (body.legs() == null) {
			throw new OrderException(OrderError.VALIDATION_FAILED, "legs is required");
		}
		List<PlaceOrder.Leg> legs = body.legs().stream().map((leg) -> {
			if (leg == null || leg.amount() == null) {
				throw new OrderException(OrderError.VALIDATION_FAILED, "every leg needs accountId and amount");
			}
			return new PlaceOrder.Leg(leg.accountId(), leg.amount());
		}).toList();
		return new PlaceOrder(body.orderNo(), body.payeeAccountId(), body.currency(), legs);
	}

	static Instant utc(LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

}
