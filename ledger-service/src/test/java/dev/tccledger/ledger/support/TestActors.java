package dev.tccledger.ledger.support;

import dev.tccledger.ledger.Actor;

/** The callers tests act as when they call the services directly. */
public final class TestActors {

	/** The caller of every try: order-service's client id. */
	public static final Actor ORDER_SERVICE = Actor.of("order-service");

	/** Deposits and resolutions: a finance operator. */
	public static final Actor FINANCE_OPERATOR = Actor.of("finance-operator");

	/** Transfers: the shop's client. */
	public static final Actor DEMO_SHOP = Actor.of("demo-shop");

	private TestActors() {
	}

}
