package dev.tccledger.ledger;

/**
 * Who made a change to the ledger, as it is stored beside the change: the subject of the
 * caller's token (an OAuth client id or a user name), or one of the ledger's system
 * actors. Services take it as an argument, so no write depends on a request being around.
 */
public record Actor(String name) {

	/** As wide as the {@code actor} columns (sql/ledger/V3__actors.sql). */
	public static final int MAX_LENGTH = 128;

	/**
	 * Phase two as the TC drives it. The TC is authenticated at its own door (its RPC
	 * port and the client's registration), not by a bearer token, so there is no subject
	 * to record: the TC itself is the actor.
	 */
	public static final Actor TC = new Actor("seata-tc");

	/** The recovery sentinel's releases, whether scheduled or asked for over HTTP. */
	public static final Actor SENTINEL = new Actor("sentinel");

	public Actor {
		if (name == null || name.isBlank() || name.length() > MAX_LENGTH
				|| name.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("an actor is 1-" + MAX_LENGTH + " printable characters, was " + name);
		}
	}

	public static Actor of(String name) {
		return new Actor(name);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
