package dev.tccledger.ledger.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

/**
 * The verdicts that make the channel come again: a handler that could not process the
 * callback (the database down), even when recording it fails too, and an operation no
 * handler takes yet. Everything else the channel is told to stop redelivering.
 */
class ChannelCallbackServiceTest {

	static final SimulatorCallbacks SIM = new SimulatorCallbacks("secret", Duration.ofMinutes(5));

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final TxRunner tx = new TxRunner(mock(PlatformTransactionManager.class), this.meters);

	final ChannelCallbackMapper records = mock(ChannelCallbackMapper.class);

	@Test
	void aCallbackTheLedgerCouldNotProcessIsAnErrorSoTheChannelRedelivers() {
		ChannelCallbackService service = service(handler((n) -> {
			throw new DataAccessResourceFailureException("database down");
		}));
		assertThat(receive(service, "PAYMENT")).isEqualTo(ChannelCallbackService.Verdict.ERROR);
		doThrow(new DataAccessResourceFailureException("database down")).when(this.records)
			.insert(any(), any(), any(), any(), any(), any(), any(), any());
		assertThat(receive(service, "PAYMENT")).isEqualTo(ChannelCallbackService.Verdict.ERROR);
		assertThat(ChannelCallbackService.Verdict.ERROR.finalForChannel()).isFalse();
		assertThat(this.meters.counter("ledger.channel.callbacks", "channel", "sim", "verdict", "ERROR").count())
			.isEqualTo(2);
	}

	@Test
	void anOperationNoHandlerTakesYetIsRedeliveredAndAHandledOneIsNot() {
		ChannelCallbackService service = service(handler((n) -> ChannelEventHandler.HandlingResult.ALREADY_SETTLED));
		assertThat(receive(service, "PAYOUT")).isEqualTo(ChannelCallbackService.Verdict.NO_HANDLER);
		assertThat(ChannelCallbackService.Verdict.NO_HANDLER.finalForChannel()).isFalse();
		assertThat(receive(service, "PAYMENT")).isEqualTo(ChannelCallbackService.Verdict.ALREADY_SETTLED);
		assertThat(ChannelCallbackService.Verdict.ALREADY_SETTLED.finalForChannel()).isTrue();
	}

	ChannelCallbackService service(ChannelEventHandler handler) {
		return new ChannelCallbackService(List.of(SIM), List.of(handler), this.records, this.tx, this.meters);
	}

	static ChannelCallbackService.Verdict receive(ChannelCallbackService service, String type) {
		String body = "{\"eventId\":\"evt_1\",\"type\":\"" + type + "\",\"channelTxId\":\"x_1\",\"reference\":\"r-1\","
				+ "\"amount\":5,\"currency\":\"CNY\",\"status\":\"SUCCEEDED\",\"reason\":null,\"occurredAt\":null}";
		String ts = Long.toString(Instant.now().getEpochSecond());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return service.receive("sim", ts, HexFormat.of().formatHex(SIM.sign(ts, bytes)), bytes);
	}

	interface Handling {

		ChannelEventHandler.HandlingResult handle(ChannelNotification notification);

	}

	static ChannelEventHandler handler(Handling handling) {
		return new ChannelEventHandler() {

			@Override
			public ChannelOperation operation() {
				return ChannelOperation.PAYMENT;
			}

			@Override
			public HandlingResult handle(ChannelNotification notification) {
				return handling.handle(notification);
			}

		};
	}

}
