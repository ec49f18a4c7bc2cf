package dev.tccledger.ledger.web;

import java.security.Principal;

import dev.tccledger.ledger.Actor;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The actor of the current HTTP request, as controllers hand it to the services.
 */
public final class Callers {

	private Callers() {
	}

	public static Actor actor() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			Principal principal = attributes.getRequest().getUserPrincipal();
			if (principal != null) {
				return Actor.of(principal.getName());
			}
		}
		// no resource-server filter chain yet: every caller is anonymous
		return Actor.of("anonymous");
	}

}
