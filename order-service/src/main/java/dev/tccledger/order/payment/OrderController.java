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

	private final OrderRefunds refunds;

	OrderController(OrderPlacement orders, OrderRefunds refunds) {
		this.orders = orders;
		this.refunds = refunds;
	}

	record LegRequest(String accountId, Long amount) {
	}

	record PlaceOrderRequest(String orderNo, String payeeAccountId, String currency, List<LegRequest> legs) {
	}

	record LegView(String accountId, long amount, Long freezeId) {
	}

	/**
	 * {@code status}: PENDING, PAID, FAILED, and for a PAID order with refunds
	 * PARTIALLY_REFUNDED or REFUNDED; {@code refunded}: the sum of its SUCCEEDED refunds.
	 */
	record OrderView(String orderNo, String status, String reason, String reasonDetail, String xid, long amount,
			String currency, String payeeAccountId, List<LegView> legs, long refunded, List<RefundView> refunds,
			String createdBy, Instant createdAt, Instant updatedAt) {

		static OrderView of(Order o, List<Refund> refunds) {
			return new OrderView(o.getOrderNo(), o.shownStatus(), o.getReason(), o.getReasonDetail(), o.getXid(),
					o.getAmount(), o.getCurrency(), o.getPayeeAccountId(),
					o.getLegs()
						.stream()
						.map((l) -> new LegView(l.getAccountId(), l.getAmount(), l.getFreezeId()))
						.toList(),
					o.getRefunded(), refunds.stream().map(RefundView::of).toList(), o.getCreatedBy(),
					utc(o.getCreatedAt()), utc(o.getUpdatedAt()));
		}

	}

	record RefundLegRequest(String accountId, Long amount) {
	}

	record RefundBody(String refundNo, Long amount, String reason, List<RefundLegRequest> legs) {
	}

	record RefundLegView(String accountId, long amount, Long freezeId) {
	}

	/** {@code failure}: why a FAILED refund failed (a problem code). */
	record RefundView(String refundNo, String orderNo, long amount, String reason, RefundStatus status, String failure,
			String failureDetail, String xid, List<RefundLegView> legs, String createdBy, Instant createdAt,
			Instant updatedAt) {

		static RefundView of(Refund r) {
			return new RefundView(r.getRefundNo(), r.getOrderNo(), r.getAmount(), r.getReason(), r.getStatus(),
					r.getFailure(), r.getFailureDetail(), r.getXid(),
					r.getLegs()
						.stream()
						.map((l) -> new RefundLegView(l.getAccountId(), l.getAmount(), l.getFreezeId()))
						.toList(),
					r.getCreatedBy(), utc(r.getCreatedAt()), utc(r.getUpdatedAt()));
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
			case PAID -> ResponseEntity.status(placed.replay() ? HttpStatus.OK : HttpStatus.CREATED).body(view(order));
			case PENDING -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view(order));
			case FAILED -> throw new OrderException(failure(order), String.valueOf(order.getReasonDetail()), order);
		};
	}

	@GetMapping("/{orderNo}")
	OrderView get(@PathVariable String orderNo) {
		return view(this.orders.get(orderNo));
	}

	/**
	 * 201 SUCCEEDED, 202 PENDING (not final yet), a problem for FAILED; a replay answers
	 * what the refund is now (200 SUCCEEDED, 202 PENDING, the problem again for FAILED).
	 */
	@PostMapping("/{orderNo}/refunds")
	ResponseEntity<RefundView> refund(@PathVariable String orderNo, @RequestBody RefundBody body) {
		OrderRefunds.Made made = this.refunds.refund(toCommand(orderNo, body), Caller.subject());
		Refund refund = made.refund();
		return switch (refund.getStatus()) {
			case SUCCEEDED ->
				ResponseEntity.status(made.replay() ? HttpStatus.OK : HttpStatus.CREATED).body(RefundView.of(refund));
			case PENDING -> ResponseEntity.status(HttpStatus.ACCEPTED).body(RefundView.of(refund));
			case FAILED -> throw new OrderException(failure(refund.getFailure()),
					String.valueOf(refund.getFailureDetail()), refund);
		};
	}

	private OrderView view(Order order) {
		return OrderView.of(order, this.refunds.of(order.getOrderNo()));
	}

	/**
	 * The refusal a FAILED order is answered with: every reason recorded on an order is
	 * an {@link OrderError} name; anything else is a defect, answered as one.
	 */
	static OrderError failure(Order order) {
		return failure(order.getReason());
	}

	static OrderError failure(String reason) {
		try {
			return (reason != null) ? OrderError.valueOf(reason) : OrderError.INTERNAL_ERROR;
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

	private static RefundRequest toCommand(String orderNo, RefundBody body) {
		if (body.amount() == null) {
			throw new OrderException(OrderError.VALIDATION_FAILED, "amount is required");
		}
		List<RefundRequest.Leg> legs = (body.legs() == null) ? null : body.legs().stream().map((leg) -> {
			if (leg == null || leg.amount() == null) {
				throw new OrderException(OrderError.VALIDATION_FAILED, "every leg needs accountId and amount");
			}
			return new RefundRequest.Leg(leg.accountId(), leg.amount());
		}).toList();
		return new RefundRequest(body.refundNo(), orderNo, body.amount(), body.reason(), legs);
	}

	static Instant utc(LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

}
