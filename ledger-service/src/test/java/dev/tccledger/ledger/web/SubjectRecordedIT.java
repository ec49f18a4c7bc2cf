package dev.tccledger.ledger.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.freeze.LocalBranches;
import dev.tccledger.ledger.freeze.Outcome;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.Tokens;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.tccledger.ledger.web.HttpApi.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP, the subject of the caller's token is what the ledger records: a deposit's,
 * transfer's and resolution's actor, a try's {@code tried_by}, and the {@code subject} of
 * the request's log lines. Nothing in a request body can claim another name.
 */
@Import(LocalBranches.class)
class SubjectRecordedIT extends LedgerITBase {

	@LocalServerPort
	int port;

	HttpApi api;

	Account alice;

	Account shop;

	@BeforeEach
	void setUp() {
		this.api = new HttpApi(this.port);
		this.alice = customerWithAvailable("CNY", 10_000);
		this.shop = merchant("CNY");
	}

	HttpApi as(String subject, String scope) {
		return this.api.withToken(Tokens.ISSUER.token(subject, scope));
	}

	@Test
	void aDepositRecordsTheOperatorWhoMadeIt() {
		String reference = unique("adj");
		assertJson(as("ops.jane", "finance:operate").post("/api/v1/accounts/" + this.alice.getAccountId() + "/deposits",
				Map.of("amount", 500, "reference", reference, "reason", "goodwill credit, ticket 12")), 201);

		assertThat(this.jdbc.queryForMap("SELECT actor, reason FROM deposit WHERE reference = ?", reference))
			.containsEntry("actor", "ops.jane")
			.containsEntry("reason", "goodwill credit, ticket 12");
		assertThat(actorsOf("reference = ?", reference)).containsExactly("DEPOSIT ops.jane");
	}

	@Test
	void aTransferRecordsTheClientThatMadeIt() {
		String transferId = unique("t");
		assertJson(as("demo-shop", "ledger:transfer").post("/api/v1/transfers", Map.of("transferId", transferId,
				"fromAccountId", this.alice.getAccountId(), "toAccountId", this.shop.getAccountId(), "amount", 300)),
				201);

		assertThat(
				this.jdbc.queryForObject("SELECT actor FROM transfer WHERE transfer_id = ?", String.class, transferId))
			.isEqualTo("demo-shop");
		assertThat(actorsOf("reference = ?", transferId)).containsExactly("TRANSFER demo-shop");
	}

	@Test
	void aTryRecordsTheServiceThatSentIt() {
		String xid = unique("10.0.0.6:8091:xid");
		String orderNo = unique("o");
		JsonNode tried = assertJson(as("order-service", "ledger:pay").post("/api/v1/tcc/freezes",
				Map.of("orderNo", orderNo, "accountId", this.alice.getAccountId(), "payeeAccountId",
						this.shop.getAccountId(), "amount", 700),
				Map.of("TX_XID", xid)), 200);

		assertThat(tried.path("status").asText()).isEqualTo("TRIED");
		assertThat(this.jdbc.queryForObject("SELECT tried_by FROM freeze WHERE xid = ?", String.class, xid))
			.isEqualTo("order-service");
		assertThat(actorsOf("xid = ?", xid)).containsExactly("FREEZE order-service");
		assertThat(account(this.alice.getAccountId()).getFrozen()).isEqualTo(700);
	}

	@Test
	void aResolutionRecordsTheResolverAndTheLogSaysWho() throws IOException {
		String xid = unique("10.0.0.6:8091:xid");
		assertThat(this.freezes.confirm(xid, 1)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
		long anomalyId = this.jdbc.queryForObject("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class, xid);
		// the log file outlives the test database, whose ids start again at 1
		String note = "refunded by hand, " + unique("ticket");

		JsonNode resolved = assertJson(as("ops.jane", "finance:operate")
			.post("/api/v1/finance/anomalies/" + anomalyId + "/resolution", Map.of("note", note)), 200);

		assertThat(resolved.path("resolvedBy").asText()).isEqualTo("ops.jane");
		assertThat(this.jdbc.queryForObject("SELECT resolved_by FROM anomaly WHERE anomaly_id = ?", String.class,
				anomalyId))
			.isEqualTo("ops.jane");
		List<String> logged = Files.readAllLines(Path.of("target/it-logs/ledger-it.log"))
			.stream()
			.filter((line) -> line.contains("anomaly " + anomalyId + " (CONFIRM_WITHOUT_TRY) resolved")
					&& line.endsWith(note))
			.toList();
		assertThat(logged).singleElement().asString().contains("subject=ops.jane");
	}

	/** "KIND actor" of each journal transaction matching {@code where}, oldest first. */
	List<String> actorsOf(String where, Object arg) {
		return this.jdbc.queryForList(
				"SELECT CONCAT(kind, ' ', actor) FROM journal_tx WHERE " + where + " ORDER BY journal_tx_id",
				String.class, arg);
	}

}
