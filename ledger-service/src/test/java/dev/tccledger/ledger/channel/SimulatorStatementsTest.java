package dev.tccledger.ledger.channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's statement as the ledger reads it. The fixture is the simulator's own
 * format: the header is {@code StatementController.HEADER}
 * (channel-simulator/src/main/java/dev/tccledger/channel/operation/StatementController.java),
 * each line {@code String.join(",", type, reference, channelTxId, amount, currency,
 * status, settledAt.toString())} there, with ids as {@code OperationService.newId} makes
 * them (prefix and 24 hex digits).
 */
class SimulatorStatementsTest {

	static final String STATEMENT = """
			type,reference,channelTxId,amount,currency,status,settledAt
			PAYMENT,st-pay,pay_5f0c2a9d1b7e4c3a8f6d2e10,2500,CNY,SUCCEEDED,2026-11-25T18:00:00.123456Z
			PAYOUT,st-out,po_0a1b2c3d4e5f60718293a4b5,1500,CNY,FAILED,2026-11-25T18:00:01Z
			REFUND,rf-1,rf_ffeeddccbbaa998877665544,300,CNY,SUCCEEDED,2026-11-25T23:59:59.999999Z
			PAYMENT,r-exp,pay_00112233445566778899aabb,700,CNY,EXPIRED,2026-11-25T20:15:00Z
			""";

	HttpServer server;

	final AtomicReference<String> seen = new AtomicReference<>();

	final AtomicReference<Integer> status = new AtomicReference<>(200);

	final AtomicReference<String> body = new AtomicReference<>(STATEMENT);

	SimulatorStatements statements;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] answer = this.body.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/csv;charset=UTF-8");
			exchange.sendResponseHeaders(this.status.get(), answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
		this.statements = new SimulatorStatements("http://127.0.0.1:" + this.server.getAddress().getPort(), "key-1",
				Duration.ofSeconds(2), Duration.ofSeconds(2));
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void readsEveryLineOfTheDayWithTheMerchantKey() throws ChannelCallFailure {
		List<StatementLine> lines = this.statements.statement(LocalDate.of(2026, 11, 25));

		assertThat(this.seen.get()).isEqualTo("GET /sim/v1/statements/2026-11-25 Bearer key-1");
		assertThat(lines).containsExactly(
				new StatementLine(ChannelOperation.PAYMENT, "st-pay", "pay_5f0c2a9d1b7e4c3a8f6d2e10", 2500, "CNY",
						ChannelStatus.SUCCEEDED, Instant.parse("2026-11-25T18:00:00.123456Z")),
				new StatementLine(ChannelOperation.PAYOUT, "st-out", "po_0a1b2c3d4e5f60718293a4b5", 1500, "CNY",
						ChannelStatus.FAILED, Instant.parse("2026-11-25T18:00:01Z")),
				new StatementLine(ChannelOperation.REFUND, "rf-1", "rf_ffeeddccbbaa998877665544", 300, "CNY",
						ChannelStatus.SUCCEEDED, Instant.parse("2026-11-25T23:59:59.999999Z")),
				new StatementLine(ChannelOperation.PAYMENT, "r-exp", "pay_00112233445566778899aabb", 700, "CNY",
						ChannelStatus.EXPIRED, Instant.parse("2026-11-25T20:15:00Z")));
	}

	@Test
	void anEmptyDayIsTheHeaderAlone() throws ChannelCallFailure {
		this.body.set("type,reference,channelTxId,amount,currency,status,settledAt\n");
		assertThat(this.statements.statement(LocalDate.of(2001, 1, 1))).isEmpty();
	}

	@Test
	void columnsAreFoundByNameAndOnesAddedLaterIgnored() throws ChannelCallFailure {
		this.body.set("""
				settledAt,status,type,reference,channelTxId,amount,currency,fee
				2026-11-25T18:00:01Z,SUCCEEDED,PAYOUT,w-1,po_1,1500,CNY,3
				""");
		assertThat(this.statements.statement(LocalDate.of(2026, 11, 25)))
			.containsExactly(new StatementLine(ChannelOperation.PAYOUT, "w-1", "po_1", 1500, "CNY",
					ChannelStatus.SUCCEEDED, Instant.parse("2026-11-25T18:00:01Z")));
	}

	@Test
	void aStatementTheLedgerCannotReadFailsWhole() {
		for (String unreadable : List.of("",
				"type,reference,channelTxId,amount,currency,status\nPAYMENT,r,p,1,CNY,SUCCEEDED\n",
				STATEMENT + "PAYMENT,r-2,pay_2,12.5,CNY,SUCCEEDED,2026-11-25T18:00:00Z\n",
				STATEMENT + "PAYMENT,r-2,pay_2,12,CNY,SUCCEEDED\n",
				STATEMENT + "CHARGEBACK,r-2,pay_2,12,CNY,SUCCEEDED,2026-11-25T18:00:00Z\n",
				STATEMENT + "PAYMENT,,pay_2,12,CNY,SUCCEEDED,2026-11-25T18:00:00Z\n",
				STATEMENT + "PAYMENT,r-2,pay_2,12,CNY,SUCCEEDED,yesterday\n")) {
			this.body.set(unreadable);
			assertThatThrownBy(() -> this.statements.statement(LocalDate.of(2026, 11, 25))).as(unreadable)
				.isInstanceOf(ChannelCallFailure.class)
				.hasMessageContaining("cannot read");
		}
	}

	@Test
	void aRefusalCarriesTheChannelsCode() {
		this.status.set(401);
		this.body.set("{\"code\":\"UNAUTHENTICATED\"}");
		assertThatThrownBy(() -> this.statements.statement(LocalDate.of(2026, 11, 25)))
			.isInstanceOfSatisfying(ChannelCallFailure.class, (failure) -> {
				assertThat(failure.kind()).isEqualTo(ChannelCallFailure.Kind.REFUSED);
				assertThat(failure.channelCode()).isEqualTo("UNAUTHENTICATED");
			});
	}

}
