package dev.tccledger.ledger.web;

import dev.tccledger.ledger.Actor;
import dev.tccledger.support.security.Caller;

/**
 * The actor of the current HTTP request, as controllers hand it to the services: the
 * subject of the caller's verified token.
 */
public final class Callers {

	private Callers() {
	}

	public static Actor actor() {
		return Actor.of(Caller.subject());
	}

}
