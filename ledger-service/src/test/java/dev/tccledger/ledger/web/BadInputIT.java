package dev.tccledger.ledger.web;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.util.RawValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.freeze.Outcome;
import dev.tccledger.ledger.support.LedgerITBase;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static dev.tccledger.ledger.web.HttpApi.assertJson;
import static dev.tccledger.ledger.web.HttpApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input on every endpoint that takes one, as a table: each row is refused with
 * the problem+json status and code docs/http-api.md gives, and changes nothing (balances,
 * row counts and anomaly resolutions are compared before and after).
 */
class BadInputIT extends LedgerITBase {

	static final String ALICE = "bad-input.alice";

	static final String SHOP = "bad-input.shop";

	/** The branch whose confirm came without a try: an escalated anomaly to resolve. */
	static final String ESCALATED_XID = "10.0.0.9:8091:bad-input";

	static final String ANOMALY = "{anomaly}";

	/** A body that is not there at all: {@link #with} removes the field. */
	static final Object ABSENT = new Object();

	// --- the endpoints that take a body, each with a valid body to spoil ---

	record Endpoint(String label, String path, Map<String, String> headers, Map<String, Object> valid) {

		Map<String, Object> with(String field, Object value) {
			Map<String, Object> body = new LinkedHashMap<>(this.valid);
			if (value == ABSENT) {
				body.remove(field);
			}
			else {
				body.put(field, value);
			}
			return body;
		}

	}

	static final Endpoint ACCOUNTS = new Endpoint("open account", "/api/v1/accounts", Map.of(),
			ordered("accountId", "bad-input.new", "kind", "CUSTOMER", "currency", "CNY"));

	static final Endpoint DEPOSITS = new Endpoint("deposit", "/api/v1/accounts/" + ALICE + "/deposits", Map.of(),
			ordered("amount", 100, "reference", "bad-input.dep", "reason", "bad-input top-up, ticket 7"));

	static final Endpoint TRANSFERS = new Endpoint("transfer", "/api/v1/transfers", Map.of(),
			ordered("transferId", "bad-input.t", "fromAccountId", ALICE, "toAccountId", SHOP, "amount", 100));

	static final Endpoint FREEZES = new Endpoint("tcc try", "/api/v1/tcc/freezes",
			Map.of("TX_XID", "10.0.0.9:8091:bad-input-try"),
			ordered("orderNo", "bad-input.o", "accountId", ALICE, "payeeAccountId", SHOP, "amount", 100));

	static final Endpoint RESOLUTION = new Endpoint("resolution",
			"/api/v1/finance/anomalies/" + ANOMALY + "/resolution", Map.of(),
			ordered("note", "checked against the bank statement"));

	static final List<Endpoint> ALL = List.of(ACCOUNTS, DEPOSITS, TRANSFERS, FREEZES, RESOLUTION);

	static final List<Endpoint> WITH_AMOUNT = List.of(DEPOSITS, TRANSFERS, FREEZES);

	/** The id fields of each endpoint: 1-64 characters of [A-Za-z0-9._:-]. */
	static final Map<Endpoint, List<String>> ID_FIELDS = ordered(ACCOUNTS, List.of("accountId"), DEPOSITS,
			List.of("reference"), TRANSFERS, List.of("transferId", "fromAccountId", "toAccountId"), FREEZES,
			List.of("orderNo", "accountId", "payeeAccountId"));

	// --- the bad values ---

	static final Map<String, Object> BAD_AMOUNTS = ordered("zero", 0, "negative", -1, "above 10^15",
			1_000_000_000_000_001L, "beyond a long", new BigInteger("9223372036854775808"), "a fraction", 12.5,
			"a whole fraction", new RawValue("100.0"), "an exponent", new RawValue("1e3"), "a string", "100",
			"a boolean", true, "an object", Map.of("minor", 100), "null", null, "missing", ABSENT);

	static final Map<String, Object> BAD_IDS = ordered("empty", "", "65 chars", "a".repeat(65), "a space", "has space",
			"a slash", "a/b", "unicode", "ålice", "cjk", "支付", "a newline", "a\nb", "a number", 123, "a boolean", true,
			"null", null, "missing", ABSENT);

	static final Map<String, Object> BAD_CURRENCIES = ordered("unknown code", "XYZ", "lower case", "cny",
			"four letters", "EURO", "empty", "", "a number", 156, "null", null, "missing", ABSENT);

	static final Map<String, Object> BAD_KINDS = ordered("lower case", "customer", "unknown", "GOLD", "empty", "",
			"an ordinal", 0, "null", null, "missing", ABSENT);

	static final Map<String, Object> BAD_NOTES = ordered("empty", "", "blank", "   ", "513 chars", "n".repeat(513),
			"a number", 5, "null", null, "missing", ABSENT);

	static final Map<String, Object> BAD_REASONS = ordered("empty", "", "blank", "   ", "201 chars", "r".repeat(201),
			"a number", 5, "null", null, "missing", ABSENT);

	static final int OVER_64_KIB = 64 * 1024 + 1;

	@LocalServerPort
	int port;

	HttpApi api;

	long anomalyId;

	@BeforeEach
	void fixtures() {
		this.api = new HttpApi(this.port);
		// opening and depositing are idempotent, so every case starts from the same books
		this.accounts.open(ALICE, AccountKind.CUSTOMER, "CNY");
		this.accounts.open(SHOP, AccountKind.MERCHANT, "CNY");
		this.deposits.deposit(ALICE, "bad-input.funding", 10_000, "funding the bad-input tests", FINANCE_OPERATOR);
		List<Long> escalated = this.jdbc.queryForList("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class,
				ESCALATED_XID);
		if (escalated.isEmpty()) {
			assertThat(this.freezes.confirm(ESCALATED_XID, 1)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
			escalated = this.jdbc.queryForList("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class,
					ESCALATED_XID);
		}
		this.anomalyId = escalated.get(0);
	}

	// --- the table ---

	/** One bad request and the refusal it must get. */
	record Case(String name, String method, String path, Map<String, String> headers, String contentType, Payload body,
			int status, String code) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** A request body: text sent with a Content-Length, or chunked without one. */
	record Payload(String text, boolean chunked) {

		BodyPublisher publisher() {
			byte[] bytes = this.text.getBytes(StandardCharsets.UTF_8);
			return this.chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
					: BodyPublishers.ofByteArray(bytes);
		}

	}

	static Stream<Case> badRequests() {
		List<Case> cases = new ArrayList<>();
		for (Endpoint e : WITH_AMOUNT) {
			BAD_AMOUNTS.forEach((what, amount) -> cases
				.add(body(e, "amount " + what, HttpApi.write(e.with("amount", amount)), 400, "VALIDATION_FAILED")));
		}
		ID_FIELDS.forEach((e, fields) -> fields.forEach((field) -> BAD_IDS.forEach((what, id) -> cases
			.add(body(e, field + " " + what, HttpApi.write(e.with(field, id)), 400, "VALIDATION_FAILED")))));
		BAD_CURRENCIES.forEach((what, currency) -> cases.add(body(ACCOUNTS, "currency " + what,
				HttpApi.write(ACCOUNTS.with("currency", currency)), 400, "VALIDATION_FAILED")));
		BAD_KINDS.forEach((what, kind) -> cases
			.add(body(ACCOUNTS, "kind " + what, HttpApi.write(ACCOUNTS.with("kind", kind)), 400, "VALIDATION_FAILED")));
		BAD_NOTES.forEach((what, note) -> cases.add(body(RESOLUTION, "note " + what,
				HttpApi.write(RESOLUTION.with("note", note)), 400, "VALIDATION_FAILED")));
		BAD_REASONS.forEach((what, reason) -> cases.add(body(DEPOSITS, "reason " + what,
				HttpApi.write(DEPOSITS.with("reason", reason)), 400, "VALIDATION_FAILED")));
		// the resolver is the caller; a name in the body is refused, not ignored
		cases.add(body(RESOLUTION, "a resolvedBy field", HttpApi.write(RESOLUTION.with("resolvedBy", "ops.jane")), 400,
				"VALIDATION_FAILED"));
		for (Endpoint e : ALL) {
			String valid = HttpApi.write(e.valid());
			cases.add(body(e, "an unknown field", HttpApi.write(e.with("extra", 1)), 400, "VALIDATION_FAILED"));
			cases.add(
					body(e, "an unknown null field", HttpApi.write(e.with("comment", null)), 400, "VALIDATION_FAILED"));
			cases.add(body(e, "malformed JSON", valid.substring(0, valid.length() - 1), 400, "VALIDATION_FAILED"));
			cases.add(body(e, "trailing garbage", valid + " {}", 400, "VALIDATION_FAILED"));
			cases.add(body(e, "a duplicated field", duplicateFirstField(valid), 400, "VALIDATION_FAILED"));
			cases.add(body(e, "a form body", "amount=100", 400, "VALIDATION_FAILED"));
			cases.add(body(e, "an empty body", "", 400, "VALIDATION_FAILED"));
			cases.add(body(e, "a JSON array", "[" + valid + "]", 400, "VALIDATION_FAILED"));
			cases.add(body(e, "JSON null", "null", 400, "VALIDATION_FAILED"));
			cases.add(body(e, "a body over 64 KiB", padded(valid, OVER_64_KIB), 413, "PAYLOAD_TOO_LARGE"));
			cases.add(new Case(e.label() + ": a chunked body over 64 KiB", "POST", e.path(), e.headers(), HttpApi.JSON,
					new Payload(padded(valid, OVER_64_KIB), true), 413, "PAYLOAD_TOO_LARGE"));
			for (String type : new String[] { "text/plain", "application/xml", "application/x-www-form-urlencoded" }) {
				cases.add(new Case(e.label() + ": content type " + type, "POST", e.path(), e.headers(), type,
						new Payload(valid, false), 415, "UNSUPPORTED_MEDIA_TYPE"));
			}
			cases.add(new Case(e.label() + ": no content type", "POST", e.path(), e.headers(), null,
					new Payload(valid, false), 415, "UNSUPPORTED_MEDIA_TYPE"));
		}
		String validTry = HttpApi.write(FREEZES.valid());
		for (String xid : new String[] { "", "   ", "x".repeat(129) }) {
			cases.add(new Case("tcc try: TX_XID of " + xid.length() + " chars '" + xid.strip() + "'", "POST",
					FREEZES.path(), Map.of("TX_XID", xid), HttpApi.JSON, new Payload(validTry, false), 400,
					"VALIDATION_FAILED"));
		}
		String validResolution = HttpApi.write(RESOLUTION.valid());
		for (String id : new String[] { "abc", "1.5", "99999999999999999999" }) {
			cases
				.add(new Case("resolution: anomaly id " + id, "POST", "/api/v1/finance/anomalies/" + id + "/resolution",
						Map.of(), HttpApi.JSON, new Payload(validResolution, false), 400, "VALIDATION_FAILED"));
		}
		// a malformed account id in an account URL names no account: 404, as for any
		// unknown account
		for (String id : new String[] { "a".repeat(65), "has space", "ålice" }) {
			cases.add(new Case("deposit: account id in the URL '" + id + "'", "POST",
					"/api/v1/accounts/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
							+ "/deposits",
					Map.of(), HttpApi.JSON, new Payload(HttpApi.write(DEPOSITS.valid()), false), 404,
					"ACCOUNT_NOT_FOUND"));
		}
		String journal = "/api/v1/accounts/" + ALICE + "/journal";
		String freezes = "/api/v1/accounts/" + ALICE + "/freezes";
		String anomalies = "/api/v1/finance/anomalies";
		for (String path : new String[] { journal, freezes, anomalies }) {
			for (String limit : new String[] { "0", "-1", "501", "abc", "1.5", "99999999999" }) {
				cases.add(get(path + "?limit=" + limit, 400, "VALIDATION_FAILED"));
			}
		}
		for (String status : new String[] { "BOGUS", "tried", "1" }) {
			cases.add(get(freezes + "?status=" + status, 400, "VALIDATION_FAILED"));
		}
		cases.add(get(anomalies + "?kind=BOGUS", 400, "VALIDATION_FAILED"));
		cases.add(get(anomalies + "?unresolved=maybe", 400, "VALIDATION_FAILED"));
		for (String currency : new String[] { "XYZ", "cny", "EURO" }) {
			cases.add(get("/api/v1/finance/summary?currency=" + currency, 400, "VALIDATION_FAILED"));
		}
		cases.add(get("/api/v1/finance/summary", 400, "VALIDATION_FAILED"));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void isRefusedAndChangesNothing(Case bad) {
		Snapshot before = snapshot();

		String path = bad.path().replace(ANOMALY, Long.toString(this.anomalyId));
		HttpApi.Answer answer = "GET".equals(bad.method()) ? this.api.get(path)
				: this.api.postRaw(path, bad.contentType(), bad.body().publisher(), bad.headers());

		assertProblem(answer, bad.status(), bad.code());
		assertThat(snapshot()).as("the books after %s", bad).isEqualTo(before);
	}

	/**
	 * The valid bodies the table spoils are accepted, so each refusal above is due to its
	 * one bad value; a body of exactly 64 KiB is not too large.
	 */
	@Test
	void theUnspoiledBodiesAreAccepted() {
		assertJson(this.api.post(ACCOUNTS.path(), ACCOUNTS.with("accountId", unique("ok"))), 201);
		String exactly64KiB = padded(HttpApi.write(DEPOSITS.with("reference", unique("ok"))), 64 * 1024);
		assertThat(exactly64KiB.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);
		assertJson(
				this.api.postRaw(DEPOSITS.path(), HttpApi.JSON, new Payload(exactly64KiB, false).publisher(), Map.of()),
				201);
		String chunked64KiB = padded(HttpApi.write(DEPOSITS.with("reference", unique("ok"))), 64 * 1024);
		assertJson(
				this.api.postRaw(DEPOSITS.path(), HttpApi.JSON, new Payload(chunked64KiB, true).publisher(), Map.of()),
				201);
		assertJson(this.api.post(TRANSFERS.path(), TRANSFERS.with("transferId", unique("ok"))), 201);
		String xid = unique("10.0.0.9:8091:ok");
		this.freezes.confirm(xid, 2);
		long another = this.jdbc.queryForObject("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class, xid);
		assertJson(this.api.post(RESOLUTION.path().replace(ANOMALY, Long.toString(another)), RESOLUTION.valid()), 200);
		assertBooksBalance();
	}

	// --- what "nothing changed" means ---

	record Snapshot(List<Map<String, Object>> balances, Map<String, Long> rows, List<Map<String, Object>> anomalies) {
	}

	Snapshot snapshot() {
		Map<String, Long> rows = new TreeMap<>();
		for (String table : new String[] { "account", "journal_tx", "journal_line", "freeze", "deposit", "transfer",
				"anomaly" }) {
			rows.put(table, this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
		}
		return new Snapshot(
				this.jdbc.queryForList("SELECT account_id, available, frozen FROM account ORDER BY account_id"), rows,
				this.jdbc.queryForList("SELECT anomaly_id, occurrences, resolved_by, resolution_note, resolved_at"
						+ " FROM anomaly ORDER BY anomaly_id"));
	}

	// --- building the table ---

	static Case body(Endpoint e, String what, String text, int status, String code) {
		return new Case(e.label() + ": " + what, "POST", e.path(), e.headers(), HttpApi.JSON, new Payload(text, false),
				status, code);
	}

	static Case get(String pathAndQuery, int status, String code) {
		return new Case("GET " + pathAndQuery, "GET", pathAndQuery, Map.of(), null, null, status, code);
	}

	/**
	 * The same valid JSON, padded with whitespace before its closing brace to
	 * {@code size} bytes, so only its size is wrong.
	 */
	static String padded(String validJson, int size) {
		int padding = size - validJson.getBytes(StandardCharsets.UTF_8).length;
		return validJson.substring(0, validJson.length() - 1) + " ".repeat(padding) + "}";
	}

	/**
	 * {"a":1,"b":2} becomes {"a":1,"a":1,"b":2}, and {"a":1} becomes {"a":1,"a":1}: which
	 * one counts is a guess.
	 */
	static String duplicateFirstField(String validJson) {
		int comma = validJson.indexOf(',');
		int end = (comma >= 0) ? comma : validJson.lastIndexOf('}');
		return validJson.substring(0, end) + "," + validJson.substring(1, end) + validJson.substring(end);
	}

	@SuppressWarnings("unchecked")
	static <K, V> Map<K, V> ordered(Object... keysAndValues) {
		Map<K, V> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
		}
		return map;
	}

}
