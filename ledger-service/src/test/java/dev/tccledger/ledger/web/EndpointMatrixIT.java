package dev.tccledger.ledger.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.channel.SimulatorCallbacks;
import dev.tccledger.ledger.finance.ChannelReconciliationService;
import dev.tccledger.ledger.freeze.FreezeRequest;
import dev.tccledger.ledger.freeze.LocalBranches;
import dev.tccledger.ledger.freeze.Outcome;
import dev.tccledger.ledger.recharge.RechargeRefundService;
import dev.tccledger.ledger.recharge.RechargeService;
import dev.tccledger.ledger.support.FakeStatements;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.support.ScriptedChannel;
import dev.tccledger.ledger.support.Tokens;
import dev.tccledger.ledger.withdrawal.WithdrawalService;
import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.security.EndpointScopes;
import dev.tccledger.support.security.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static dev.tccledger.ledger.web.HttpApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every endpoint the running ledger maps (Spring MVC's handler mappings, the actuator's
 * among them, with the faults profile on so the fault endpoint is mapped too) against
 * every kind of token: none, expired, not yet valid, wrong issuer, wrong audience, wrong
 * key, {@code alg: none}, tampered payload, wrong scope, right scope. The first eight are
 * 401 UNAUTHENTICATED with a Bearer challenge, the wrong scope 403 FORBIDDEN, and none of
 * them changes anything; each right scope reaches the controller and does the work. The
 * endpoints are read from the application, not listed here, so one added without a row in
 * LedgerScopes or a request fixture below fails this test.
 */
@ActiveProfiles("faults")
@Import({ LocalBranches.class, ScriptedChannel.class, FakeStatements.class })
// tests turn metric export off by default, which unmaps /actuator/prometheus
@AutoConfigureObservability(tracing = false)
// the scripted channel stands in for the simulator: recharges stay PENDING at it
@TestPropertySource(properties = { "ledger.channels.sim.client=fake",
		// the channel's statement as the test writes it (an empty day)
		"ledger.channels.sim.statements=fake",
		// the sentinels' own sweeps would write their leases in the middle of a
		// "nothing changed" snapshot
		"ledger.sentinel.period-ms=3600000", "ledger.recharges.period-ms=3600000",
		// the dispatcher would send the re-driven notifications between two snapshots
		"tcc.notifications.period-ms=3600000" })
class EndpointMatrixIT extends LedgerITBase {

	static final String SUBJECT = "matrix-client";

	static final String ALICE = "matrix.alice";

	static final String SHOP = "matrix.shop";

	/**
	 * Mapped but for no caller: the servlet container's error page (reached by its own
	 * error dispatch, which the door lets through) and the actuator's list of links.
	 * Refused to every token.
	 */
	static final Set<String> CLOSED = Set.of("ANY /error", "GET /actuator");

	/**
	 * Open to the door (a channel holds no token) but guarded by the callback's
	 * signature: no token and no signature is 401 BAD_SIGNATURE, never UNAUTHENTICATED.
	 */
	static final Set<String> SIGNATURE_GUARDED = Set.of("POST /api/v1/channels/{channel}/notifications");

	static final Pattern REFUSAL_LINE = Pattern.compile("^tcc_security_refusals_total\\{(.*)\\}\\s+(\\S+)$");

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	EndpointScopes ledgerScopes;

	@Autowired
	FaultPoints faults;

	@Autowired
	WithdrawalService withdrawals;

	@Autowired
	RechargeService recharges;

	@Autowired
	RechargeRefundService refunds;

	@Autowired
	ChannelReconciliationService channelReconciliation;

	HttpApi api;

	/** One mapped endpoint: a method (ANY: the mapping names none) and a path pattern. */
	record Mapped(String method, String pattern) {

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

		HttpMethod httpMethod() {
			return "ANY".equals(this.method) ? HttpMethod.GET : HttpMethod.valueOf(this.method);
		}

	}

	/**
	 * One request: method, path (ids filled in, query allowed), JSON body or null,
	 * headers, and the status it gets with the right scope.
	 */
	record Call(String method, String path, Object body, Map<String, String> headers, int expectedStatus) {

		String pathOnly() {
			int query = this.path.indexOf('?');
			return (query < 0) ? this.path : this.path.substring(0, query);
		}

	}

	/** A token that must be refused with 401, and what is wrong with it. */
	record BadToken(String defect, Function<String[], String> mint) {
	}

	@TestFactory
	Stream<DynamicNode> everyEndpointAgainstEveryKindOfToken() {
		this.api = new HttpApi(this.port).withToken(null);
		Map<String, Supplier<Call>> fixtures = fixtures();
		EndpointScopes table = EndpointScopes.platform().then(this.ledgerScopes);
		List<Mapped> mapped = mapped();
		Map<String, Double> refusalsBefore = refusalCounts();
		Map<String, Double> expectedRefusals = new TreeMap<>();

		List<DynamicNode> tests = new ArrayList<>();
		tests.add(DynamicTest.dynamicTest("the application maps the endpoints this test must reach",
				() -> assertThat(mapped.stream().map(Mapped::toString)).contains("POST /api/v1/tcc/freezes",
						"PUT /api/v1/faults/{point}", "GET /actuator/health", "GET /actuator/prometheus")));
		for (Mapped endpoint : mapped) {
			String key = endpoint.toString();
			if (CLOSED.contains(key)) {
				tests.add(DynamicTest.dynamicTest(key + " is refused to every caller", () -> closed(endpoint)));
				expectedRefusals.merge("UNAUTHENTICATED/no_token", 1.0, Double::sum);
				expectedRefusals.merge("FORBIDDEN/insufficient_scope", 1.0, Double::sum);
				continue;
			}
			Supplier<Call> fixture = fixtures.get(key);
			if (fixture == null) {
				tests.add(DynamicTest.dynamicTest(key + " has a request fixture",
						() -> fail(key + " is mapped but EndpointMatrixIT.fixtures() has no request for it: add one"
								+ " (and its row in LedgerScopes) so its door is tested")));
				continue;
			}
			Call sample = fixture.get();
			EndpointScopes.Entry row = table.find(endpoint.httpMethod(), sample.pathOnly()).orElse(null);
			if (row == null
					|| (row.open() != (key.startsWith("GET /actuator/health") || SIGNATURE_GUARDED.contains(key)))
					|| (!row.open() && row.anyOf().isEmpty())) {
				tests.add(DynamicTest.dynamicTest(key + " has a row in EndpointScopes",
						() -> fail(key + " is mapped but "
								+ ((row == null) ? "no row of EndpointScopes names it" : "its row is " + row)
								+ ": give it its scope in LedgerScopes (only health is open)")));
				continue;
			}
			if (row.open() && SIGNATURE_GUARDED.contains(key)) {
				tests.add(DynamicTest.dynamicTest(key + " refuses an unsigned request without a token",
						() -> refusesUnsigned(endpoint, sample)));
				tests.add(DynamicTest.dynamicTest(key + " answers a signed request without a token", () -> {
					HttpApi.Answer answer = call(this.api, fixture.get());
					assertThat(answer.status()).as("%s signed: %s", key, answer).isEqualTo(sample.expectedStatus());
				}));
				continue;
			}
			if (row.open()) {
				tests.add(DynamicTest.dynamicTest(key + " answers without a token", () -> {
					HttpApi.Answer answer = call(this.api, sample);
					assertThat(answer.status()).as("%s without a token: %s", key, answer).isEqualTo(200);
				}));
				continue;
			}
			tests.add(DynamicTest.dynamicTest(key + " refuses every wrong token and changes nothing",
					() -> refusesEveryWrongToken(endpoint, sample, row)));
			expectedRefusals.merge("UNAUTHENTICATED/no_token", 1.0, Double::sum);
			expectedRefusals.merge("UNAUTHENTICATED/invalid_token", (double) badTokens().size(), Double::sum);
			expectedRefusals.merge("FORBIDDEN/insufficient_scope", 1.0, Double::sum);
			for (String scope : row.anyOf()) {
				tests.add(DynamicTest.dynamicTest(key + " does its work with scope " + scope, () -> {
					Call call = fixture.get();
					HttpApi.Answer answer = call(this.api.withToken(Tokens.ISSUER.token(SUBJECT, scope)), call);
					assertThat(answer.status()).as("%s with scope %s: %s", key, scope, answer)
						.isNotIn(401, 403)
						.isEqualTo(call.expectedStatus());
				}));
			}
		}
		tests.add(DynamicTest.dynamicTest("the refusal metric counted every refusal",
				() -> assertThat(difference(refusalCounts(), refusalsBefore)).isEqualTo(expectedRefusals)));
		return tests.stream();
	}

	// --- the endpoints ---

	/**
	 * Every (method, pattern) of every Spring MVC handler mapping, the actuator's too.
	 */
	List<Mapped> mapped() {
		Map<String, RequestMappingInfoHandlerMapping> mappings = this.context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class);
		assertThat(mappings).containsKey("requestMappingHandlerMapping");
		Set<Mapped> all = new LinkedHashSet<>();
		for (RequestMappingInfoHandlerMapping mapping : mappings.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<String> methods = info.getMethodsCondition()
					.getMethods()
					.stream()
					.map(Enum::name)
					.collect(Collectors.toCollection(LinkedHashSet::new));
				if (methods.isEmpty()) {
					methods.add("ANY");
				}
				for (String pattern : info.getPatternValues()) {
					methods.forEach((method) -> all.add(new Mapped(method, pattern)));
				}
			}
		}
		return all.stream().sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
	}

	/**
	 * A valid request per endpoint, fresh on each call (new ids), so the right scope does
	 * real work and a refused request would have changed something had it got through.
	 */
	Map<String, Supplier<Call>> fixtures() {
		this.accounts.open(ALICE, AccountKind.CUSTOMER, "CNY");
		this.accounts.open(SHOP, AccountKind.MERCHANT, "CNY");
		this.deposits.deposit(ALICE, "matrix.funding", 1_000_000, "funding the endpoint matrix", FINANCE_OPERATOR);
		String orderWithFreeze = unique("matrix.o");
		this.freezes.tryFreeze(unique("10.0.0.8:8091:matrix"), 1, new FreezeRequest(orderWithFreeze, ALICE, SHOP, 100),
				ORDER_SERVICE);
		String account = "/api/v1/accounts/" + ALICE;
		Map<String, Supplier<Call>> f = new LinkedHashMap<>();
		f.put("POST /api/v1/accounts", () -> post("/api/v1/accounts",
				Map.of("accountId", unique("matrix.new"), "kind", "CUSTOMER", "currency", "CNY"), 201));
		f.put("GET /api/v1/accounts/{accountId}", () -> get(account, 200));
		f.put("GET /api/v1/accounts/{accountId}/balance", () -> get(account + "/balance", 200));
		f.put("GET /api/v1/accounts/{accountId}/freezes", () -> get(account + "/freezes", 200));
		f.put("GET /api/v1/accounts/{accountId}/journal", () -> get(account + "/journal", 200));
		f.put("POST /api/v1/accounts/{accountId}/deposits", () -> post(account + "/deposits",
				Map.of("amount", 100, "reference", unique("matrix.dep"), "reason", "matrix adjustment"), 201));
		f.put("POST /api/v1/tcc/freezes",
				() -> new Call("POST", "/api/v1/tcc/freezes",
						Map.of("orderNo", unique("matrix.o"), "accountId", ALICE, "payeeAccountId", SHOP, "amount", 10),
						Map.of("TX_XID", unique("10.0.0.8:8091:matrix")), 200));
		f.put("GET /api/v1/freezes", () -> get("/api/v1/freezes?orderNo=" + orderWithFreeze, 200));
		String paidOrder = unique("matrix.paid");
		String paidXid = unique("10.0.0.8:8091:matrix");
		this.freezes.tryFreeze(paidXid, 2, new FreezeRequest(paidOrder, ALICE, SHOP, 10_000), ORDER_SERVICE);
		this.freezes.confirm(paidXid, 2);
		f.put("POST /api/v1/tcc/refunds",
				() -> new Call("POST", "/api/v1/tcc/refunds",
						Map.of("orderNo", paidOrder, "refundNo", unique("matrix.rf"), "accountId", SHOP,
								"payeeAccountId", ALICE, "amount", 1),
						Map.of("TX_XID", unique("10.0.0.8:8091:matrix")), 200));
		f.put("POST /api/v1/transfers", () -> post("/api/v1/transfers",
				Map.of("transferId", unique("matrix.t"), "fromAccountId", ALICE, "toAccountId", SHOP, "amount", 10),
				201));
		String withdrawal = withdrawal();
		f.put("POST /api/v1/withdrawals", () -> post("/api/v1/withdrawals", Map.of("withdrawalNo", unique("matrix.w"),
				"accountId", ALICE, "amount", 10, "destination", "wallet:matrix"), 202));
		f.put("GET /api/v1/withdrawals/{withdrawalNo}", () -> get("/api/v1/withdrawals/" + withdrawal, 200));
		f.put("POST /api/v1/withdrawals/{withdrawalNo}/resolution",
				() -> post("/api/v1/withdrawals/" + withdrawalNeedingAttention() + "/resolution",
						Map.of("outcome", "FAILED", "note", "checked by the matrix"), 200));
		f.put("GET /api/v1/finance/withdrawals", () -> get("/api/v1/finance/withdrawals", 200));
		f.put("GET /api/v1/finance/summary", () -> get("/api/v1/finance/summary?currency=CNY", 200));
		f.put("GET /api/v1/finance/reconciliation", () -> get("/api/v1/finance/reconciliation", 200));
		f.put("GET /api/v1/finance/anomalies", () -> get("/api/v1/finance/anomalies", 200));
		f.put("POST /api/v1/finance/anomalies/{anomalyId}/resolution",
				() -> post("/api/v1/finance/anomalies/" + escalatedAnomaly() + "/resolution",
						Map.of("note", "checked by the matrix"), 200));
		String reconciled = "/api/v1/finance/channel-reconciliation?channel=sim&date=2026-01-02";
		this.channelReconciliation.run("sim", java.time.LocalDate.of(2026, 1, 2), FINANCE_OPERATOR);
		f.put("GET /api/v1/finance/channel-reconciliation", () -> get(reconciled, 200));
		f.put("POST /api/v1/finance/channel-reconciliation", () -> post(reconciled, null, 200));
		// past the door, the sentinel answers that it runs only with Seata (off in tests)
		f.put("POST /api/v1/finance/sentinel/sweeps", () -> post("/api/v1/finance/sentinel/sweeps", null, 404));
		f.put("PUT /api/v1/faults/{point}", () -> new Call("PUT", "/api/v1/faults/LEDGER_CANCEL_AFTER_COMMIT",
				Map.of("action", "DELAY", "times", 1, "delayMs", 0), Map.of(), 200));
		f.put("GET /api/v1/faults", () -> get("/api/v1/faults", 200));
		f.put("GET /api/v1/faults/fired", () -> get("/api/v1/faults/fired", 200));
		f.put("DELETE /api/v1/faults", () -> new Call("DELETE", "/api/v1/faults", null, Map.of(), 204));
		f.put("POST /api/v1/recharges", () -> post("/api/v1/recharges",
				Map.of("rechargeNo", unique("matrix.r"), "accountId", ALICE, "amount", 100), 201));
		this.recharges.create("matrix.r-1", ALICE, 100, FINANCE_OPERATOR);
		f.put("GET /api/v1/recharges/{rechargeNo}", () -> get("/api/v1/recharges/matrix.r-1", 200));
		String paid = paidRecharge();
		String refunds = "/api/v1/recharges/" + paid + "/refunds";
		f.put("POST /api/v1/recharges/{rechargeNo}/refunds",
				() -> post(refunds, Map.of("refundNo", unique("matrix.rf"), "amount", 1), 202));
		String refund = refund(paid);
		f.put("GET /api/v1/recharges/{rechargeNo}/refunds/{refundNo}", () -> get(refunds + "/" + refund, 200));
		f.put("POST /api/v1/recharges/{rechargeNo}/refunds/{refundNo}/resolution",
				() -> post(refunds + "/" + refundNeedingAttention(paid) + "/resolution",
						Map.of("outcome", "FAILED", "note", "checked by the matrix"), 200));
		f.put("GET /api/v1/finance/recharge-refunds", () -> get("/api/v1/finance/recharge-refunds", 200));
		// a callback about a payment the ledger never made: recorded, answered 200
		f.put("POST /api/v1/channels/{channel}/notifications", () -> signedCallback(unique("matrix.unknown")));
		f.put("GET /api/v1/notifications", () -> get("/api/v1/notifications?status=PARKED", 200));
		f.put("POST /api/v1/notifications/{id}/retry",
				() -> post("/api/v1/notifications/" + parkedNotification() + "/retry", null, 200));
		f.put("GET /actuator/health", () -> get("/actuator/health", 200));
		f.put("GET /actuator/health/**", () -> get("/actuator/health/db", 200));
		f.put("GET /actuator/prometheus", () -> get("/actuator/prometheus", 200));
		f.put("GET /actuator/metrics", () -> get("/actuator/metrics", 200));
		f.put("GET /actuator/metrics/{requiredMetricName}", () -> get("/actuator/metrics/jvm.threads.live", 200));
		return f;
	}

	/**
	 * A channel callback signed as the simulator signs it, with the development secret.
	 */
	static Call signedCallback(String reference) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("eventId", unique("evt"));
		event.put("type", "PAYMENT");
		event.put("channelTxId", "pay_" + reference);
		event.put("reference", reference);
		event.put("amount", 100);
		event.put("currency", "CNY");
		event.put("status", "SUCCEEDED");
		String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
		String signature = java.util.HexFormat.of()
			.formatHex(new SimulatorCallbacks("sim-ledger-callback-secret", java.time.Duration.ofMinutes(5))
				.sign(timestamp, HttpApi.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		return new Call("POST", "/api/v1/channels/sim/notifications", event,
				Map.of("X-Channel-Timestamp", timestamp, "X-Channel-Signature", signature), 200);
	}

	/**
	 * The callback door without a token and without a signature: 401 BAD_SIGNATURE, and
	 * nothing changed but the record of the refused callback kept for finance.
	 */
	void refusesUnsigned(Mapped endpoint, Call signed) {
		Call unsigned = new Call(signed.method(), signed.path(), signed.body(), Map.of(), 401);
		Snapshot before = snapshot();
		assertProblem(call(this.api, unsigned), 401, "BAD_SIGNATURE");
		Snapshot after = snapshot();
		assertThat(without(after, "channel_callback")).as("the ledger after the unsigned request to %s", endpoint)
			.isEqualTo(without(before, "channel_callback"));
		assertThat(after.tables().get("channel_callback")).isNotEqualTo(before.tables().get("channel_callback"));
	}

	static Snapshot without(Snapshot snapshot, String table) {
		Map<String, List<Object>> tables = new TreeMap<>(snapshot.tables());
		tables.remove(table);
		return new Snapshot(tables, snapshot.faultRules(), snapshot.faultsFired());
	}

	/** A fresh escalated, unresolved anomaly: a confirm that found no try. */
	long escalatedAnomaly() {
		String xid = unique("10.0.0.8:8091:matrix");
		assertThat(this.freezes.confirm(xid, 1)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
		return this.jdbc.queryForObject("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class, xid);
	}

	/** A recharge the channel paid (its callback credited ALICE), to refund from. */
	String paidRecharge() {
		String rechargeNo = unique("matrix.paid");
		this.recharges.create(rechargeNo, ALICE, 1000, FINANCE_OPERATOR);
		assertThat(this.recharges.handle(ScriptedChannel.notification(ChannelOperation.PAYMENT, rechargeNo, 1000,
				ChannelStatus.SUCCEEDED, null)))
			.isEqualTo(ChannelEventHandler.HandlingResult.SETTLED);
		return rechargeNo;
	}

	String refund(String rechargeNo) {
		String refundNo = unique("matrix.rf");
		this.refunds.request(rechargeNo, refundNo, 1, ORDER_SERVICE);
		return refundNo;
	}

	/** A fresh refund handed to a person (its hold stays, as the worker leaves it). */
	String refundNeedingAttention(String rechargeNo) {
		String refundNo = refund(rechargeNo);
		this.jdbc.update("UPDATE recharge_refund SET status = 'NEEDS_ATTENTION' WHERE refund_no = ?", refundNo);
		return refundNo;
	}

	String withdrawal() {
		String withdrawalNo = unique("matrix.w");
		this.withdrawals.request(withdrawalNo, ALICE, 10, "wallet:matrix", ORDER_SERVICE);
		return withdrawalNo;
	}

	/**
	 * A fresh withdrawal handed to a person (its hold stays, as the worker leaves it).
	 */
	String withdrawalNeedingAttention() {
		String withdrawalNo = withdrawal();
		this.jdbc.update("UPDATE withdrawal SET status = 'NEEDS_ATTENTION' WHERE withdrawal_no = ?", withdrawalNo);
		return withdrawalNo;
	}

	/** A fresh notification parked after its last attempt. */
	String parkedNotification() {
		String id = unique("ntf-matrix");
		this.jdbc.update("""
				INSERT INTO notification (id, event_type, subject, channel, destination, payload, status, attempts,
				                          last_error, created_at, updated_at)
				VALUES (?, 'RECHARGE_SUCCEEDED', 'matrix.r', 'WEBHOOK', 'http://127.0.0.1:9/matrix', '{}', 'PARKED', 8,
				        'HTTP 503', NOW(6), NOW(6))""", id);
		return id;
	}

	static Call get(String path, int status) {
		return new Call("GET", path, null, Map.of(), status);
	}

	static Call post(String path, Object body, int status) {
		return new Call("POST", path, body, Map.of(), status);
	}

	// --- the tokens ---

	static List<BadToken> badTokens() {
		return Arrays.stream(TestIssuer.Defect.values())
			.map((defect) -> new BadToken(defect.name().toLowerCase(Locale.ROOT).replace('_', ' '),
					(scopes) -> defect.token(Tokens.ISSUER, SUBJECT, scopes)))
			.toList();
	}

	/** Every scope there is except {@code scopes}. */
	static String[] othersThan(String[] scopes) {
		List<String> others = new ArrayList<>(Tokens.ALL_SCOPES);
		others.removeAll(List.of(scopes));
		return others.toArray(String[]::new);
	}

	// --- the checks ---

	void refusesEveryWrongToken(Mapped endpoint, Call call, EndpointScopes.Entry row) {
		String[] scopes = row.anyOf().toArray(String[]::new);
		Snapshot before = snapshot();

		assertUnauthenticated(call(this.api, call), endpoint + " without a token");
		for (BadToken bad : badTokens()) {
			assertUnauthenticated(call(this.api.withToken(bad.mint().apply(scopes)), call),
					endpoint + " with a token " + bad.defect());
		}
		HttpApi.Answer wrongScope = call(this.api.withToken(Tokens.ISSUER.token(SUBJECT, othersThan(scopes))), call);
		assertProblem(wrongScope, 403, "FORBIDDEN");

		assertThat(snapshot()).as("the ledger after the refused requests to %s", endpoint).isEqualTo(before);
	}

	void closed(Mapped endpoint) {
		Call call = get(endpoint.pattern(), 0);
		assertUnauthenticated(call(this.api, call), endpoint + " without a token");
		assertProblem(call(this.api.withToken(Tokens.everything(SUBJECT)), call), 403, "FORBIDDEN");
	}

	static void assertUnauthenticated(HttpApi.Answer answer, String what) {
		assertProblem(answer, 401, "UNAUTHENTICATED");
		assertThat(answer.headers().firstValue("WWW-Authenticate")).as("challenge of %s: %s", what, answer)
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	static HttpApi.Answer call(HttpApi api, Call call) {
		return api.send(call.method(), call.path(), call.body(), call.headers());
	}

	// --- what "nothing changed" means ---

	/**
	 * Each table's row count and a checksum over all its columns, and the fault points.
	 */
	record Snapshot(Map<String, List<Object>> tables, Object faultRules, Object faultsFired) {
	}

	Snapshot snapshot() {
		Map<String, List<Object>> tables = new TreeMap<>();
		for (String table : this.jdbc.queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class)) {
			String columns = String.join(", ",
					this.jdbc.queryForList(
							"SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()"
									+ " AND table_name = ? ORDER BY ordinal_position",
							String.class, table));
			tables.put(table,
					List.copyOf(
							this.jdbc
								.queryForMap("SELECT COUNT(*) AS n, COALESCE(SUM(CRC32(CONCAT_WS('|', " + columns
										+ "))), 0) AS checksum FROM " + table)
								.values()));
		}
		return new Snapshot(tables, this.faults.list(), this.faults.fired());
	}

	// --- the refusal metric ---

	/** tcc_security_refusals_total by code/reason, read as a scraper does. */
	Map<String, Double> refusalCounts() {
		HttpApi.Answer scrape = this.api.withToken(Tokens.ISSUER.token("prometheus", "ops:metrics"))
			.get("/actuator/prometheus");
		assertThat(scrape.status()).as("scrape: %s", scrape.status()).isEqualTo(200);
		Map<String, Double> counts = new TreeMap<>();
		for (String line : scrape.raw().split("\n")) {
			Matcher m = REFUSAL_LINE.matcher(line);
			if (m.matches()) {
				counts.merge(label(m.group(1), "code") + "/" + label(m.group(1), "reason"), Double.valueOf(m.group(2)),
						Double::sum);
			}
		}
		return counts;
	}

	static String label(String labels, String name) {
		Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
		return m.find() ? m.group(1) : "";
	}

	static Map<String, Double> difference(Map<String, Double> after, Map<String, Double> before) {
		Map<String, Double> delta = new TreeMap<>();
		after.forEach((key, value) -> {
			double d = value - before.getOrDefault(key, 0.0);
			if (d != 0) {
				delta.put(key, d);
			}
		});
		return delta;
	}

}
