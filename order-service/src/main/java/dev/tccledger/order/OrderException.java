package dev.tccledger.order;

/**
 * A refusal. When {@link #order()} is set the problem carries the order's number and
 * status.
 */
public class OrderException extends RuntimeException {

	private final OrderError error;

	private final transient Object order;

	public OrderException(OrderError error, String detail) {
		this(error, detail, null);
	}

	public OrderException(OrderError error, String detail, Object order) {
		super(detail);
		this.error = error;
		this.order = order;
	}

	public OrderError error() {
		return this.error;
	}

	public Object order() {
		return this.order;
	}

}
