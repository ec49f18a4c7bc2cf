package dev.tccledger.ledger.channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.stereotype.Service;

/**
 * Receives a channel's callbacks: verifies each, hands a verified one to the handler of
 * its operation, and records every one, believed or not, in {@code channel_callback} for
 * finance. The verdict decides the answer the channel gets (docs/architecture.md,
 * callbacks): 2xx stops its redeliveries, so it is given whenever retrying would not
 * change what the ledger does.
 */
@Service
public class ChannelCallbackService {

	private static final Logger log = LoggerFactory.getLogger(ChannelCallbackService.class);

	/** As wide as {@code channel_callback.body}. */
	static final int MAX_BODY = 4000;

	/** What became of one callback; stored and counted by name. */
	public enum Verdict {

		SETTLED, ALREADY_SETTLED, NOT_FINAL, REJECTED, MALFORMED, BAD_SIGNATURE, STALE, UNKNOWN_CHANNEL, NO_HANDLER,
		ERROR;

		/** True when the channel may stop redelivering: retrying changes nothing. */
		public boolean finalForChannel() {
			return this == SETTLED || this == ALREADY_SETTLED || this == NOT_FINAL || this == REJECTED
					|| this == MALFORMED;
		}

	}

	private final Map<String, ChannelCallbacks> callbacks;

	private final Map<ChannelOperation, ChannelEventHandler> handlers;

	private final ChannelCallbackMapper records;

	private final TxRunner tx;

	private final MeterRegistry meters;

	ChannelCallbackService(List<ChannelCallbacks> callbacks, List<ChannelEventHandler> handlers,
			ChannelCallbackMapper records, TxRunner tx, MeterRegistry meters) {
		this.callbacks = callbacks.stream().collect(Collectors.toMap(ChannelCallbacks::channel, Function.identity()));
		this.handlers = handlers.stream()
			.collect(Collectors.toMap(ChannelEventHandler::operation, Function.identity()));
		this.records = records;
		this.tx = tx;
		this.meters = meters;
	}

	public Verdict receive(String channel, String timestamp, String signature, byte[] body) {
		ChannelCallbacks verifier = this.callbacks.get(channel);
		if (verifier == null) {
			return record(channel, null, Verdict.UNKNOWN_CHANNEL, "no such channel", body);
		}
		ChannelNotification notification;
		try {
			notification = verifier.verify(timestamp, signature, body, Instant.now());
		}
		catch (ChannelCallbacks.BadCallback bad) {
			log.warn("callback from channel {} not believed ({}): {}", channel, bad.verdict(), bad.getMessage());
			return record(channel, null, Verdict.valueOf(bad.verdict().name()), bad.getMessage(), body);
		}
		ChannelEventHandler handler = this.handlers.get(notification.answer().operation());
		if (handler == null) {
			return record(channel, notification, Verdict.NO_HANDLER, "no handler yet for this operation", body);
		}
		ChannelEventHandler.HandlingResult result;
		try {
			result = handler.handle(notification);
		}
		catch (RuntimeException failed) {
			// the database or a bug: the channel must come again
			log.error("callback {} of channel {} could not be processed", notification.eventId(), channel, failed);
			try {
				return record(channel, notification, Verdict.ERROR, failed.toString(), body);
			}
			catch (RuntimeException alsoFailed) {
				count(channel, Verdict.ERROR);
				return Verdict.ERROR;
			}
		}
		return record(channel, notification, Verdict.valueOf(result.name()), null, body);
	}

	private Verdict record(String channel, ChannelNotification notification, Verdict verdict, String detail,
			byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		String capped = (text.length() > MAX_BODY) ? text.substring(0, MAX_BODY) : text;
		String cappedDetail = (detail != null && detail.length() > 512) ? detail.substring(0, 512) : detail;
		String name = (channel.length() > 32) ? channel.substring(0, 32) : channel;
		this.tx.inTransaction(() -> {
			this.records.insert(name, (notification != null) ? cap(notification.eventId()) : null,
					(notification != null) ? notification.answer().operation().name() : null,
					(notification != null) ? cap(notification.answer().reference()) : null, verdict.name(),
					cappedDetail, capped, Times.nowUtc());
			return null;
		});
		count(name, verdict);
		return verdict;
	}

	private static String cap(String value) {
		return (value != null && value.length() > 64) ? value.substring(0, 64) : value;
	}

	private void count(String channel, Verdict verdict) {
		String tag = this.callbacks.containsKey(channel) ? channel : "unknown";
		Counter.builder("ledger.channel.callbacks")
			.description("channel callbacks received, by what the ledger made of them")
			.tag("channel", tag)
			.tag("verdict", verdict.name())
			.register(this.meters)
			.increment();
	}

}
