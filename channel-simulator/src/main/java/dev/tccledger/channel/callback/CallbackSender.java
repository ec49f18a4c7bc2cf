package dev.tccledger.channel.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.channel.ChannelProperties;
import dev.tccledger.channel.Merchants;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers due callbacks, each signed afresh with the current time, until the merchant
 * answers 2xx; every other answer or no answer is retried after {@link Backoff}. One at a
 * time, on its own scheduler thread, so a slow merchant holds up only its callbacks.
 */
@Component
class CallbackSender {

	private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

	private static final int BATCH = 50;

	private final Deliveries deliveries;

	private final Merchants merchants;

	private final Backoff backoff;

	private final Duration timeout;

	private final Clock clock;

	private final MeterRegistry meters;

	private final HttpClient http;

	CallbackSender(Deliveries deliveries, Merchants merchants, ChannelProperties properties, Clock clock,
			MeterRegistry meters) {
		this.deliveries = deliveries;
		this.merchants = merchants;
		this.backoff = new Backoff(properties.redeliveryBaseMs(), properties.redeliveryCapMs());
		this.timeout = Duration.ofMillis(properties.callbackTimeoutMs());
		this.clock = clock;
		this.meters = meters;
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Scheduled(fixedDelayString = "${channel.tick-ms}")
	void deliverDue() {
		List<Delivery> due = this.deliveries.due(this.clock.instant(), BATCH);
		for (Delivery delivery : due) {
			try {
				deliver(delivery);
			}
			catch (RuntimeException ex) {
				// e.g. a merchant whose secret was removed from the configuration:
				// retried like
				// a refusal, without holding up the others
				log.warn("callback {} could not be sent", delivery.eventId(), ex);
				this.deliveries.failed(delivery.id(), ex.getClass().getSimpleName(),
						this.clock.instant().plusMillis(this.backoff.gapMs(delivery.attempts() + 1)));
			}
		}
	}

	void deliver(Delivery delivery) {
		long timestamp = this.clock.instant().getEpochSecond();
		String signature = Signatures.sign(this.merchants.callbackSecret(delivery.merchant()), timestamp,
				delivery.body());
		String result;
		boolean delivered;
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(delivery.notifyUrl()))
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(Signatures.SIGNATURE_HEADER, signature)
				.POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
				.build(), HttpResponse.BodyHandlers.discarding());
			delivered = response.statusCode() / 100 == 2;
			result = "HTTP " + response.statusCode();
			this.meters.counter("channel.callbacks", "result", delivered ? "delivered" : "refused").increment();
		}
		catch (IOException | IllegalArgumentException ex) {
			delivered = false;
			result = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.meters.counter("channel.callbacks", "result", "unreachable").increment();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		result = (result.length() > 200) ? result.substring(0, 200) : result;
		Instant now = this.clock.instant();
		if (delivered) {
			this.deliveries.delivered(delivery.id(), result, now);
			return;
		}
		long gapMs = this.backoff.gapMs(delivery.attempts() + 1);
		log.info("callback {} to {} attempt {} not accepted ({}), next in {} ms", delivery.eventId(),
				delivery.notifyUrl(), delivery.attempts() + 1, result, gapMs);
		this.deliveries.failed(delivery.id(), result, now.plusMillis(gapMs));
	}

}
