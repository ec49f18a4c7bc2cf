package dev.tccledger.ledger.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.freeze.FreezeRequest;
import dev.tccledger.ledger.freeze.Outcome;
import dev.tccledger.ledger.support.LedgerITBase;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static dev.tccledger.ledger.web.HttpApi.assertJson;
import static dev.tccledger.ledger.web.HttpApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's HTTP contract (docs/http-api.md) over a real socket: happy paths, replays
 * answered with the first result, conflicts, and refusals as problem+json that change
 * nothing. Freezes are made through {@code FreezeService} with synthetic xids, since
 * Seata is off here.
 */
class LedgerApiIT extends LedgerITBase {

	private static final String ACCOUNTS = "/api/v1/accounts";

	private static final String TRANSFERS = "/api/v1/transfers";

	private static final AtomicLong BRANCHES = new AtomicLong(50_000);

	private static final List<String> FREEZE_FIELDS = List.of("freezeId", "xid", "branchId", "kind", "orderNo",
			"refundNo", "accountId", "payeeAccountId", "amount", "refundClaimed", "status", "createdAt", "updatedAt");

	@LocalServerPort
	int port;

	HttpApi api;

	@BeforeEach
	void client() {
		this.api = new HttpApi(this.port);
	}

	@AfterEach
	void booksBalance() {
		assertBooksBalance();
	}

	// --- accounts ---

	@Test
	void anAccountMayNameThePhoneItsTextsGoTo() {
		String id = unique("phoned");
		Map<String, Object> withPhone = new LinkedHashMap<>(open(id, "CUSTOMER", "CNY"));
		withPhone.put("phone", "+8613800000001");
		Map<String, Object> expected = account(id, "CUSTOMER", "CNY", 0, 0);
		expected.put("phone", "+8613800000001");
		assertThat(assertJson(this.api.post(ACCOUNTS, withPhone), 201)).isEqualTo(this.api.tree(expected));
		assertThat(assertJson(this.api.post(ACCOUNTS, withPhone), 200)).isEqualTo(this.api.tree(expected));
		assertProblem(this.api.post(ACCOUNTS, open(id, "CUSTOMER", "CNY")), 409, "IDEMPOTENCY_CONFLICT");
		Map<String, Object> otherPhone = new LinkedHashMap<>(withPhone);
		otherPhone.put("phone", "+8613800000002");
		assertProblem(this.api.post(ACCOUNTS, otherPhone), 409, "IDEMPOTENCY_CONFLICT");
		Map<String, Object> notAPhone = new LinkedHashMap<>(open(unique("phoned"), "CUSTOMER", "CNY"));
		notAPhone.put("phone", "call me");
		assertProblem(this.api.post(ACCOUNTS, notAPhone), 400, "VALIDATION_FAILED");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM account WHERE account_id = ?", Integer.class,
				notAPhone.get("accountId")))
			.isZero();
	}

	@Test
	void openingAnAccountIsIdempotentOnItsId() {
		String id = unique("alice");
		JsonNode expected = this.api.tree(account(id, "CUSTOMER", "CNY", 0, 0));

		assertThat(assertJson(this.api.post(ACCOUNTS, open(id, "CUSTOMER", "CNY")), 201)).isEqualTo(expected);
		assertThat(assertJson(this.api.post(ACCOUNTS, open(id, "CUSTOMER", "CNY")), 200)).isEqualTo(expected);
		assertProblem(this.api.post(ACCOUNTS, open(id, "MERCHANT", "CNY")), 409, "IDEMPOTENCY_CONFLICT");
		assertProblem(this.api.post(ACCOUNTS, open(id, "CUSTOMER", "EUR")), 409, "IDEMPOTENCY_CONFLICT");

		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id), 200)).isEqualTo(expected);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM account WHERE account_id = ?", Integer.class, id))
			.isOne();
		assertThat(assertJson(this.api.get(ACCOUNTS + "/external:CNY"), 200).path("kind").asText()).isEqualTo("SYSTEM");
	}

	@Test
	void anAccountAndItsBalanceShowBothBuckets() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		tryFreeze(alice, shop, 2_500);
		String id = alice.getAccountId();

		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id), 200))
			.isEqualTo(this.api.tree(account(id, "CUSTOMER", "CNY", 7_500, 2_500)));
		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id + "/balance"), 200))
			.isEqualTo(this.api.tree(balance(id, "CNY", 7_500, 2_500)));
	}

	@Test
	void anUnknownAccountIsNotFound() {
		String id = unique("nobody");
		assertProblem(this.api.get(ACCOUNTS + "/" + id), 404, "ACCOUNT_NOT_FOUND");
		assertProblem(this.api.get(ACCOUNTS + "/" + id + "/balance"), 404, "ACCOUNT_NOT_FOUND");
		assertProblem(this.api.get(ACCOUNTS + "/" + id + "/freezes"), 404, "ACCOUNT_NOT_FOUND");
		assertProblem(this.api.get(ACCOUNTS + "/" + id + "/journal"), 404, "ACCOUNT_NOT_FOUND");
	}

	@Test
	void systemAccountsCannotBeOpenedOrDepositedIntoByHand() {
		customerWithAvailable("CNY", 1_000);
		long externalBefore = account("external:CNY").getAvailable();
		String id = unique("sys");

		assertProblem(this.api.post(ACCOUNTS, open("external:CNY", "CUSTOMER", "CNY")), 422, "SYSTEM_ACCOUNT");
		assertProblem(this.api.post(ACCOUNTS, open("external:SEK", "MERCHANT", "SEK")), 422, "SYSTEM_ACCOUNT");
		assertProblem(this.api.post(ACCOUNTS, open("channel:sim:CNY", "CUSTOMER", "CNY")), 422, "SYSTEM_ACCOUNT");
		assertProblem(this.api.post(ACCOUNTS, open(id, "SYSTEM", "CNY")), 422, "SYSTEM_ACCOUNT");
		assertProblem(this.api.post(ACCOUNTS + "/external:CNY/deposits", deposit(500, unique("dep"))), 422,
				"SYSTEM_ACCOUNT");

		assertProblem(this.api.get(ACCOUNTS + "/" + id), 404, "ACCOUNT_NOT_FOUND");
		assertProblem(this.api.get(ACCOUNTS + "/external:SEK"), 404, "ACCOUNT_NOT_FOUND");
		assertThat(account("external:CNY").getAvailable()).isEqualTo(externalBefore);
	}

	// --- deposits ---

	@Test
	void aDepositIsIdempotentOnItsReference() {
		String id = unique("alice");
		assertJson(this.api.post(ACCOUNTS, open(id, "CUSTOMER", "CNY")), 201);
		String reference = unique("ch");
		String path = ACCOUNTS + "/" + id + "/deposits";
		JsonNode expected = this.api.tree(balance(id, "CNY", 10_000, 0));

		assertThat(assertJson(this.api.post(path, deposit(10_000, reference)), 201)).isEqualTo(expected);
		int lines = journalLines(id);
		assertThat(assertJson(this.api.post(path, deposit(10_000, reference)), 200)).isEqualTo(expected);
		assertProblem(this.api.post(path, deposit(10_001, reference)), 409, "IDEMPOTENCY_CONFLICT");
		assertProblem(this.api.post(path, deposit(10_000, reference, "another reason")), 409, "IDEMPOTENCY_CONFLICT");

		assertThat(journalLines(id)).isEqualTo(lines);
		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id + "/balance"), 200)).isEqualTo(expected);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM deposit WHERE reference = ?", Integer.class, reference))
			.isOne();
	}

	@Test
	void theSameDepositReferenceOnAnotherAccountIsAConflict() {
		Account alice = customerWithAvailable("CNY", 0);
		Account bob = customerWithAvailable("CNY", 0);
		String reference = unique("ch");
		assertJson(this.api.post(ACCOUNTS + "/" + alice.getAccountId() + "/deposits", deposit(700, reference)), 201);

		assertProblem(this.api.post(ACCOUNTS + "/" + bob.getAccountId() + "/deposits", deposit(700, reference)), 409,
				"IDEMPOTENCY_CONFLICT");
		assertThat(account(bob.getAccountId()).getAvailable()).isZero();
	}

	@Test
	void aDepositIntoAnUnknownAccountIsNotFound() {
		String reference = unique("ch");
		assertProblem(this.api.post(ACCOUNTS + "/" + unique("nobody") + "/deposits", deposit(100, reference)), 404,
				"ACCOUNT_NOT_FOUND");
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM deposit WHERE reference = ?", Integer.class, reference))
			.isZero();
	}

	// --- transfers ---

	@Test
	void aTransferMovesMoneyAndIsIdempotentOnItsId() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		String transferId = unique("t");
		Map<String, Object> body = transfer(transferId, alice, shop, 2_500);
		JsonNode expected = this.api.tree(Map.of("transferId", transferId, "from",
				balance(alice.getAccountId(), "CNY", 7_500, 0), "to", balance(shop.getAccountId(), "CNY", 2_500, 0)));

		assertThat(assertJson(this.api.post(TRANSFERS, body), 201)).isEqualTo(expected);
		int lines = journalLines(alice.getAccountId());
		assertThat(assertJson(this.api.post(TRANSFERS, body), 200)).isEqualTo(expected);
		assertProblem(this.api.post(TRANSFERS, transfer(transferId, alice, shop, 2_600)), 409, "IDEMPOTENCY_CONFLICT");
		Account bob = customerWithAvailable("CNY", 0);
		assertProblem(this.api.post(TRANSFERS, transfer(transferId, alice, bob, 2_500)), 409, "IDEMPOTENCY_CONFLICT");

		assertThat(journalLines(alice.getAccountId())).isEqualTo(lines);
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(7_500);
		assertThat(account(shop.getAccountId()).getAvailable()).isEqualTo(2_500);
		assertThat(account(bob.getAccountId()).getAvailable()).isZero();
	}

	@Test
	void aTransferBeyondTheAvailableBalanceIsRefused() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		tryFreeze(alice, shop, 2_000);
		String transferId = unique("t");

		assertProblem(this.api.post(TRANSFERS, transfer(transferId, alice, shop, 8_001)), 422, "INSUFFICIENT_FUNDS");

		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(8_000);
		assertThat(account(alice.getAccountId()).getFrozen()).isEqualTo(2_000);
		assertThat(account(shop.getAccountId()).getAvailable()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM transfer WHERE transfer_id = ?", Integer.class,
				transferId))
			.isZero();
		// the refused id is still free: the same id with a payable amount goes through
		assertJson(this.api.post(TRANSFERS, transfer(transferId, alice, shop, 8_000)), 201);
	}

	@Test
	void anAccountOpenedAfterARefusalIsFoundAtOnce() {
		// AccountService keeps profiles in memory: only accounts that exist may be kept
		Account alice = customerWithAvailable("CNY", 10_000);
		String late = unique("late-shop");
		String transferId = unique("t");

		assertProblem(this.api.post(TRANSFERS, transfer(transferId, alice.getAccountId(), late, 100)), 404,
				"ACCOUNT_NOT_FOUND");
		assertJson(this.api.post(ACCOUNTS, open(late, "MERCHANT", "CNY")), 201);

		assertJson(this.api.post(TRANSFERS, transfer(transferId, alice.getAccountId(), late, 100)), 201);
		assertThat(account(late).getAvailable()).isEqualTo(100);
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(9_900);
	}

	@Test
	void aTransferBetweenCurrenciesIsRefused() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account euroShop = merchant("EUR");
		String transferId = unique("t");

		assertProblem(this.api.post(TRANSFERS, transfer(transferId, alice, euroShop, 100)), 422, "CURRENCY_MISMATCH");

		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(10_000);
		assertThat(account(euroShop.getAccountId()).getAvailable()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM transfer WHERE transfer_id = ?", Integer.class,
				transferId))
			.isZero();
	}

	// --- freezes and journal ---

	@Test
	void freezesOfAnAccountAreListedAndFilteredByStatus() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		Made tried = tryFreeze(alice, shop, 1_000);
		Made confirmed = tryFreeze(alice, shop, 2_000);
		assertThat(this.freezes.confirm(confirmed.xid(), confirmed.branchId())).isEqualTo(Outcome.CAPTURED);
		Made cancelled = tryFreeze(alice, shop, 3_000);
		assertThat(this.freezes.cancel(cancelled.xid(), cancelled.branchId(), cancelled.request()))
			.isEqualTo(Outcome.RELEASED);
		String path = ACCOUNTS + "/" + alice.getAccountId() + "/freezes";

		JsonNode all = assertJson(this.api.get(path), 200);
		assertThat(all.isArray()).isTrue();
		assertThat(ids(all)).containsExactlyInAnyOrder(tried.freezeId(), confirmed.freezeId(), cancelled.freezeId());

		assertOnlyFreeze(assertJson(this.api.get(path + "?status=TRIED"), 200), tried, "TRIED");
		assertOnlyFreeze(assertJson(this.api.get(path + "?status=CONFIRMED"), 200), confirmed, "CONFIRMED");
		assertOnlyFreeze(assertJson(this.api.get(path + "?status=CANCELLED"), 200), cancelled, "CANCELLED");
		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + shop.getAccountId() + "/freezes"), 200)).isEmpty();
	}

	@Test
	void theJournalListsAnAccountsLinesNewestFirst() {
		Account alice = customerWithAvailable("CNY", 0);
		Account shop = merchant("CNY");
		String id = alice.getAccountId();
		String reference = unique("ch");
		assertJson(this.api.post(ACCOUNTS + "/" + id + "/deposits", deposit(10_000, reference)), 201);
		String transferId = unique("t");
		assertJson(this.api.post(TRANSFERS, transfer(transferId, alice, shop, 2_500)), 201);
		Made freeze = tryFreeze(alice, shop, 1_000);

		JsonNode lines = assertJson(this.api.get(ACCOUNTS + "/" + id + "/journal"), 200);

		assertThat(lines).hasSize(4);
		assertLine(lines.get(0), "FREEZE", "FROZEN", 1_000, freeze.xid(), freeze.request().orderNo());
		assertLine(lines.get(1), "FREEZE", "AVAILABLE", -1_000, freeze.xid(), freeze.request().orderNo());
		assertLine(lines.get(2), "TRANSFER", "AVAILABLE", -2_500, null, null);
		assertLine(lines.get(3), "DEPOSIT", "AVAILABLE", 10_000, null, null);
		assertThat(lines.get(0).path("journalTxId").asLong()).isEqualTo(lines.get(1).path("journalTxId").asLong());
		assertThat(lines.get(1).path("journalTxId").asLong()).isGreaterThan(lines.get(2).path("journalTxId").asLong());
		assertThat(lines.get(2).path("journalTxId").asLong()).isGreaterThan(lines.get(3).path("journalTxId").asLong());

		JsonNode newest = assertJson(this.api.get(ACCOUNTS + "/" + id + "/journal?limit=1"), 200);
		assertThat(newest).hasSize(1);
		assertThat(newest.get(0)).isEqualTo(lines.get(0));
		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id + "/journal?limit=3"), 200))
			.containsExactly(lines.get(0), lines.get(1), lines.get(2));
		assertThat(assertJson(this.api.get(ACCOUNTS + "/" + id + "/journal?limit=500"), 200)).isEqualTo(lines);
	}

	// --- finance ---

	@Test
	void theSummaryCountsCustomerMoneyAndOpenFreezesOfOneCurrency() {
		// GBP is used by no other test of this class, so the sums are this test's alone
		Account alice = customerWithAvailable("GBP", 10_000);
		Account bob = customerWithAvailable("GBP", 5_000);
		Account shop = merchant("GBP");
		tryFreeze(alice, shop, 1_500);
		Made confirmed = tryFreeze(bob, shop, 500);
		this.freezes.confirm(confirmed.xid(), confirmed.branchId());
		Made cancelled = tryFreeze(alice, shop, 700);
		this.freezes.cancel(cancelled.xid(), cancelled.branchId(), cancelled.request());

		JsonNode summary = assertJson(this.api.get("/api/v1/finance/summary?currency=GBP"), 200);

		long oldestAge = summary.path("openFreezes").path("oldestAgeSeconds").asLong(-1);
		assertThat(oldestAge).isBetween(0L, 300L);
		Map<String, Object> open = new LinkedHashMap<>();
		open.put("count", 1);
		open.put("amount", 1_500);
		open.put("oldestAgeSeconds", oldestAge);
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("currency", "GBP");
		expected.put("accounts", 3);
		expected.put("available", 8_500 + 4_500 + 500);
		expected.put("frozen", 1_500);
		expected.put("total", 15_000);
		expected.put("openFreezes", open);
		expected.put("inFlight", Map.of("recharges", Map.of("count", 0, "amount", 0), "withdrawals",
				Map.of("count", 0, "amount", 0), "refunds", Map.of("count", 0, "amount", 0), "needsAttention", 0));
		assertThat(summary).isEqualTo(this.api.tree(expected));
		assertThat(account("external:GBP").total()).as("the system account holds the other side").isEqualTo(-15_000);
	}

	@Test
	void aCurrencyWithNoAccountsSumsToZero() {
		JsonNode summary = assertJson(this.api.get("/api/v1/finance/summary?currency=CHF"), 200);
		assertThat(summary).isEqualTo(this.api.tree(Map.of("currency", "CHF", "accounts", 0, "available", 0, "frozen",
				0, "total", 0, "openFreezes", Map.of("count", 0, "amount", 0, "oldestAgeSeconds", 0), "inFlight",
				Map.of("recharges", Map.of("count", 0, "amount", 0), "withdrawals", Map.of("count", 0, "amount", 0),
						"refunds", Map.of("count", 0, "amount", 0), "needsAttention", 0))));
	}

	@Test
	void reconciliationChecksEveryInvariantByName() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		tryFreeze(alice, shop, 1_000);
		Made confirmed = tryFreeze(alice, shop, 2_000);
		this.freezes.confirm(confirmed.xid(), confirmed.branchId());

		JsonNode reconciliation = assertJson(this.api.get("/api/v1/finance/reconciliation"), 200);

		assertThat(fieldNames(reconciliation)).containsExactlyInAnyOrder("ok", "checkedAt", "checks");
		assertThat(reconciliation.path("ok").isBoolean()).isTrue();
		assertThat(reconciliation.path("ok").asBoolean()).isTrue();
		assertThat(Instant.parse(reconciliation.path("checkedAt").asText())).isBefore(Instant.now().plusSeconds(5));
		List<String> names = new ArrayList<>();
		for (JsonNode check : reconciliation.path("checks")) {
			names.add(check.path("name").asText());
			assertThat(fieldNames(check)).containsExactlyInAnyOrder("name", "ok", "detail");
			assertThat(check.path("ok").asBoolean()).as(check.toString()).isTrue();
			assertThat(check.path("detail").asText()).isNotBlank();
		}
		assertThat(names).containsExactly("non_negative", "frozen_matches_freezes", "conservation",
				"journal_matches_balances", "journal_balanced", "channel_operations_posted", "refunds_within_captured");
	}

	// --- anomalies ---

	@Test
	void anEscalatedAnomalyIsListedAndResolvedOnceWithAnAudit() {
		String xid = unique("10.0.0.1:8091:xid");
		long branchId = BRANCHES.incrementAndGet();
		assertThat(this.freezes.confirm(xid, branchId)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);

		JsonNode listed = anomalyOf(assertJson(this.api.get("/api/v1/finance/anomalies"), 200), xid);
		assertThat(listed.path("kind").asText()).isEqualTo("CONFIRM_WITHOUT_TRY");
		assertThat(listed.path("branchId").asLong()).isEqualTo(branchId);
		assertThat(listed.path("detail").asText()).isNotBlank();
		assertThat(Instant.parse(listed.path("createdAt").asText())).isNotNull();
		assertThat(listed.path("escalated").asBoolean()).isTrue();
		assertThat(listed.path("resolvedBy").isNull()).isTrue();
		long anomalyId = listed.path("anomalyId").asLong();
		assertThat(anomalyOf(
				assertJson(this.api.get("/api/v1/finance/anomalies?kind=CONFIRM_WITHOUT_TRY&unresolved=true"), 200),
				xid))
			.isEqualTo(listed);

		String resolution = "/api/v1/finance/anomalies/" + anomalyId + "/resolution";
		JsonNode resolved = assertJson(
				this.api.as("ops.jane").post(resolution, Map.of("note", "no try ever reached us; TC purged")), 200);
		assertThat(resolved.path("anomalyId").asLong()).isEqualTo(anomalyId);
		assertThat(resolved.path("kind").asText()).isEqualTo("CONFIRM_WITHOUT_TRY");
		assertThat(resolved.path("resolvedBy").asText()).as("the caller's subject").isEqualTo("ops.jane");
		assertThat(resolved.path("resolutionNote").asText()).isEqualTo("no try ever reached us; TC purged");
		assertThat(Instant.parse(resolved.path("resolvedAt").asText())).isNotNull();

		assertProblem(this.api.as("ops.joe").post(resolution, Map.of("note", "me too")), 409,
				"ANOMALY_ALREADY_RESOLVED");
		JsonNode after = anomalyOf(assertJson(this.api.get("/api/v1/finance/anomalies"), 200), xid);
		assertThat(after.path("resolvedBy").asText()).as("the first resolution stands").isEqualTo("ops.jane");
		assertThat(after.path("resolvedAt")).isEqualTo(resolved.path("resolvedAt"));
		assertThat(ids(assertJson(this.api.get("/api/v1/finance/anomalies?unresolved=true"), 200), "anomalyId"))
			.doesNotContain(anomalyId);
		assertThat(this.freezes.confirm(xid, branchId)).isEqualTo(Outcome.CONFLICT_RESOLVED);
	}

	@Test
	void aGuardThatWorkedNeedsNoResolution() {
		String xid = unique("10.0.0.1:8091:xid");
		long branchId = BRANCHES.incrementAndGet();
		assertThat(this.freezes.cancel(xid, branchId, null)).isEqualTo(Outcome.EMPTY_ROLLBACK);
		JsonNode listed = anomalyOf(assertJson(this.api.get("/api/v1/finance/anomalies?kind=EMPTY_ROLLBACK"), 200),
				xid);
		assertThat(listed.path("escalated").asBoolean()).isFalse();
		long anomalyId = listed.path("anomalyId").asLong();

		assertProblem(
				this.api.post("/api/v1/finance/anomalies/" + anomalyId + "/resolution", Map.of("note", "looked at it")),
				422, "ANOMALY_NOT_ESCALATED");

		assertThat(this.jdbc.queryForObject("SELECT resolved_at FROM anomaly WHERE anomaly_id = ?", Object.class,
				anomalyId))
			.isNull();
	}

	@Test
	void resolvingAnUnknownAnomalyIsNotFound() {
		assertProblem(this.api.post("/api/v1/finance/anomalies/987654321/resolution", Map.of("note", "looked at it")),
				404, "NOT_FOUND");
	}

	// --- TCC try over HTTP ---

	@Test
	void aTryWithoutItsGlobalTransactionIsRefused() {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		String orderNo = unique("o");

		assertProblem(this.api.post("/api/v1/tcc/freezes", Map.of("orderNo", orderNo, "accountId", alice.getAccountId(),
				"payeeAccountId", shop.getAccountId(), "amount", 2_500)), 400, "VALIDATION_FAILED");

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM freeze WHERE order_no = ?", Integer.class, orderNo))
			.isZero();
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(10_000);
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
	}

	@Test
	void refusalsAreProblemJsonWhenTheClientAsksForJson() {
		Map<String, String> acceptJson = Map.of("Accept", "application/json");
		assertProblem(this.api.get(ACCOUNTS + "/" + unique("nobody"), acceptJson), 404, "ACCOUNT_NOT_FOUND");
		assertProblem(this.api.post(ACCOUNTS, open("external:CNY", "CUSTOMER", "CNY"), acceptJson), 422,
				"SYSTEM_ACCOUNT");
	}

	// --- fixtures ---

	record Made(String xid, long branchId, FreezeRequest request, long freezeId) {
	}

	Made tryFreeze(Account payer, Account payee, long amount) {
		String xid = unique("10.0.0.1:8091:xid");
		long branchId = BRANCHES.incrementAndGet();
		FreezeRequest request = new FreezeRequest(unique("o"), payer.getAccountId(), payee.getAccountId(), amount);
		long freezeId = this.freezes.tryFreeze(xid, branchId, request, ORDER_SERVICE).freeze().getFreezeId();
		return new Made(xid, branchId, request, freezeId);
	}

	static Map<String, Object> open(String accountId, String kind, String currency) {
		return Map.of("accountId", accountId, "kind", kind, "currency", currency);
	}

	static Map<String, Object> deposit(long amount, String reference) {
		return deposit(amount, reference, "top-up by hand, ticket " + reference);
	}

	static Map<String, Object> deposit(long amount, String reference, String reason) {
		return Map.of("amount", amount, "reference", reference, "reason", reason);
	}

	static Map<String, Object> transfer(String transferId, Account from, Account to, long amount) {
		return transfer(transferId, from.getAccountId(), to.getAccountId(), amount);
	}

	static Map<String, Object> transfer(String transferId, String fromAccountId, String toAccountId, long amount) {
		return Map.of("transferId", transferId, "fromAccountId", fromAccountId, "toAccountId", toAccountId, "amount",
				amount);
	}

	static Map<String, Object> account(String id, String kind, String currency, long available, long frozen) {
		Map<String, Object> account = new LinkedHashMap<>(Map.of("accountId", id, "kind", kind, "currency", currency,
				"available", available, "frozen", frozen, "total", available + frozen));
		account.put("phone", null);
		return account;
	}

	static Map<String, Object> balance(String id, String currency, long available, long frozen) {
		return Map.of("accountId", id, "currency", currency, "available", available, "frozen", frozen, "total",
				available + frozen);
	}

	int journalLines(String accountId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM journal_line WHERE account_id = ?", Integer.class,
				accountId);
	}

	void assertOnlyFreeze(JsonNode list, Made made, String status) {
		assertThat(list).hasSize(1);
		JsonNode freeze = list.get(0);
		assertThat(fieldNames(freeze)).containsExactlyInAnyOrderElementsOf(FREEZE_FIELDS);
		ObjectNode stable = freeze.deepCopy();
		Instant createdAt = Instant.parse(stable.remove("createdAt").asText());
		Instant updatedAt = Instant.parse(stable.remove("updatedAt").asText());
		assertThat(updatedAt).isAfterOrEqualTo(createdAt);
		// a payment: no refund, and nothing of it claimed by refunds
		assertThat(stable.remove("kind").asText()).isEqualTo("PAYMENT");
		assertThat(stable.remove("refundNo").isNull()).isTrue();
		assertThat(stable.remove("refundClaimed").asLong()).isZero();
		assertThat(stable)
			.isEqualTo(this.api.tree(Map.of("freezeId", made.freezeId(), "xid", made.xid(), "branchId", made.branchId(),
					"orderNo", made.request().orderNo(), "accountId", made.request().accountId(), "payeeAccountId",
					made.request().payeeAccountId(), "amount", made.request().amount(), "status", status)));
	}

	static void assertLine(JsonNode line, String kind, String bucket, long delta, String xid, String orderNo) {
		assertThat(fieldNames(line)).contains("journalTxId", "kind", "bucket", "delta", "xid", "orderNo", "createdAt");
		assertThat(line.path("kind").asText()).as("kind of %s", line).isEqualTo(kind);
		assertThat(line.path("bucket").asText()).as("bucket of %s", line).isEqualTo(bucket);
		assertThat(line.path("delta").asLong()).as("delta of %s", line).isEqualTo(delta);
		assertThat(line.path("xid").isNull() ? null : line.path("xid").asText()).as("xid of %s", line).isEqualTo(xid);
		assertThat(line.path("orderNo").isNull() ? null : line.path("orderNo").asText()).as("orderNo of %s", line)
			.isEqualTo(orderNo);
		assertThat(Instant.parse(line.path("createdAt").asText())).isNotNull();
	}

	static JsonNode anomalyOf(JsonNode list, String xid) {
		for (JsonNode anomaly : list) {
			if (xid.equals(anomaly.path("xid").asText())) {
				assertThat(fieldNames(anomaly)).contains("kind", "xid", "branchId", "detail", "createdAt");
				return anomaly;
			}
		}
		throw new AssertionError("no anomaly of " + xid + " in " + list);
	}

	static List<Long> ids(JsonNode list) {
		return ids(list, "freezeId");
	}

	static List<Long> ids(JsonNode list, String field) {
		List<Long> ids = new ArrayList<>();
		list.forEach((item) -> ids.add(item.path(field).asLong()));
		return ids;
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
