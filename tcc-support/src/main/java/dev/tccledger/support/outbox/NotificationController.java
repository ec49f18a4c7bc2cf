package dev.tccledger.support.outbox;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.support.security.Caller;
import dev.tccledger.support.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox for operators: the notifications in one status (PARKED ones are what a
 * person must look at), and the re-drive of a parked one, recorded with the caller's
 * subject. The scopes are each service's endpoint table's ({@code finance:read},
 * {@code finance:operate}).
 */
@RestController
class NotificationController {

	private static final Logger log = LoggerFactory.getLogger(NotificationController.class);

	private static final int MAX_LIMIT = 500;

	private final NotificationStore store;

	NotificationController(NotificationStore store) {
		this.store = store;
	}

	@GetMapping("/api/v1/notifications")
	ResponseEntity<?> list(@RequestParam String status, @RequestParam(defaultValue = "100") int limit) {
		NotificationStatus wanted;
		try {
			wanted = NotificationStatus.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return Problems.problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request is not valid",
					"status must be PENDING, SENT or PARKED");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			return Problems.problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request is not valid",
					"limit must be 1.." + MAX_LIMIT);
		}
		return ResponseEntity.ok(this.store.list(wanted, limit));
	}

	@PostMapping("/api/v1/notifications/{id}/retry")
	ResponseEntity<?> retry(@PathVariable String id) {
		String subject = Caller.subject();
		if (this.store.redrive(id, subject, NotificationStore.now())) {
			log.info("notification {} re-driven by {}", id, subject);
			return ResponseEntity.ok(this.store.find(id).orElseThrow());
		}
		return this.store.find(id)
			.<ResponseEntity<?>>map((found) -> Problems.problem(HttpStatus.CONFLICT, "NOTIFICATION_NOT_PARKED",
					"Only a parked notification can be re-driven", "notification " + id + " is " + found.status()))
			.orElseGet(() -> Problems.problem(HttpStatus.NOT_FOUND, "NOTIFICATION_NOT_FOUND", "No such notification",
					"no notification " + id));
	}

}
