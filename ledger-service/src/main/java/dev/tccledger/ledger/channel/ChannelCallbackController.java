package dev.tccledger.ledger.channel;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The channels' callbacks. No bearer token: the channel cannot hold one; the signature
 * over the raw body is the door (LedgerScopes lists the endpoint as open).
 */
@RestController
class ChannelCallbackController {

	private final ChannelCallbackService callbacks;

	ChannelCallbackController(ChannelCallbackService callbacks) {
		this.callbacks = callbacks;
	}

	record Received(String verdict) {
	}

	@PostMapping("/api/v1/channels/{channel}/notifications")
	ResponseEntity<Received> notification(@PathVariable String channel,
			@RequestHeader(name = "X-Channel-Timestamp", required = false) String timestamp,
			@RequestHeader(name = "X-Channel-Signature", required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		ChannelCallbackService.Verdict verdict = this.callbacks.receive(channel, timestamp, signature,
				(body != null) ? body : new byte[0]);
		return switch (verdict) {
			case UNKNOWN_CHANNEL -> throw new LedgerException(LedgerError.NOT_FOUND, "no channel " + channel);
			case BAD_SIGNATURE, STALE ->
				throw new LedgerException(LedgerError.BAD_SIGNATURE, "the callback's signature was not accepted");
			case NO_HANDLER, ERROR ->
				ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Received(verdict.name()));
			default -> ResponseEntity.ok(new Received(verdict.name()));
		};
	}

}
