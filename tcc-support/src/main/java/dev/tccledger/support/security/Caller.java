package dev.tccledger.support.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the subject of the request's verified token (a client id for a service
 * or script, a user name for a person). Writes that move money record it.
 */
public final class Caller {

	private Caller() {
	}

	/**
	 * The current request's subject. A write reached without one is a wiring error (the
	 * filter chain lets no unauthenticated request through to a controller that writes),
	 * so this fails loudly rather than recording a placeholder.
	 */
	public static String subject() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
				|| authentication.getName().isBlank()) {
			throw new IllegalStateException("no authenticated caller on this thread");
		}
		return authentication.getName();
	}

}
