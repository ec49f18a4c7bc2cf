import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrated demo: a few payments through the public HTTP API of a running system, then
 * the balances and the reconciliation as tables. Runs with the JDK alone (java Demo.java), so
 * a fresh clone needs nothing else. Exits non-zero when the system does not do what the
 * narration says, so CI can run it.
 *
 * Every call carries a bearer token, obtained the way a real client gets one: client
 * credentials at the issuer, one client per role (the shop, the finance operator who books
 * deposits as manual adjustments, the finance viewer who reads the reconciliation). The
 * demo's calls take seconds, so each token is fetched once; they live for minutes.
 *
 * Money at the boundary goes through the payment channel simulator: a recharge the channel's
 * customer pays, a withdrawal it pays out and one it refuses. For the refusal the demo plays
 * the channel's test console, with the simulator's published development merchant key.
 *
 * Environment: AUTH_URL (http://127.0.0.1:9000), LEDGER_URL (http://127.0.0.1:8081),
 * ORDER_URL (http://127.0.0.1:8082), CHANNEL_URL (http://127.0.0.1:8083).
 */
public class Demo {

	static final String AUTH = env("AUTH_URL", "http://127.0.0.1:9000");

	static final String LEDGER = env("LEDGER_URL", "http://127.0.0.1:8081");

	static final String ORDERS = env("ORDER_URL", "http://127.0.0.1:8082");

	static final String CHANNEL = env("CHANNEL_URL", "http://127.0.0.1:8083");

	/** The simulator's development merchant, the one the ledger's embedded default uses. */
	static final String CHANNEL_MERCHANT_KEY = "sim-ledger-key";

	/** A phone number of this run's own, so the gateway's list shows only this run's texts. */
	static final String ALICE_PHONE = "+86" + (13_000_000_000L + System.currentTimeMillis() % 1_000_000_000L);

	/** Long enough for the channel's 1 s auto-pay and a redelivered callback or two. */
	static final Duration SETTLES_WITHIN = Duration.ofSeconds(30);

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	static final List<String> failures = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		// every run uses fresh ids, so the demo can run again against the same system
		String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36);
		String alice = "alice-" + run, bob = "bob-" + run, shop = "shop-" + run;

		step("Tokens from the issuer at " + AUTH + " (client credentials)");
		String shopToken = token("demo-shop", "ledger:accounts orders:write orders:read");
		String operatorToken = token("finance-operator", "finance:operate");
		String viewerToken = token("finance-viewer", "finance:read");
		if (!failures.isEmpty()) {
			System.out.println();
			System.out.println("DEMO FAILED: no tokens, nothing else can be called (is the issuer running?)");
			System.exit(1);
		}

		step("Open three CNY accounts: two customers and a merchant (as demo-shop)");
		for (String[] a : new String[][] { { alice, "CUSTOMER" }, { bob, "CUSTOMER" }, { shop, "MERCHANT" } }) {
			// alice gives a phone: what settles for her is texted to it (the notification outbox)
			String phone = a[0].equals(alice) ? ",\"phone\":\"" + ALICE_PHONE + "\"" : "";
			Response r = post(LEDGER + "/api/v1/accounts", shopToken, "{\"accountId\":\"" + a[0] + "\",\"kind\":\""
					+ a[1] + "\",\"currency\":\"CNY\"" + phone + "}");
			expect(r, 201, "open " + a[0]);
		}

		step("Deposit 100.00 for " + alice + " and 30.00 for " + bob
				+ " (as finance-operator: a manual adjustment with a reason; debits external:CNY)");
		expect(deposit(operatorToken, alice, 10000, "top-up-" + run + "-1"), 201, "deposit alice");
		expect(deposit(operatorToken, bob, 3000, "top-up-" + run + "-2"), 201, "deposit bob");

		step("Order " + run + "-1: " + alice + " pays 25.00 to " + shop
				+ " (try freezes, the TC confirms: frozen -> shop)");
		Response paid = order(shopToken, run + "-1", shop, List.<String[]>of(new String[] { alice, "2500" }));
		expectOrder(paid, 201, "PAID");

		step("Order " + run + "-2: " + bob + " tries to pay 50.00 with 30.00 available");
		Response refused = order(shopToken, run + "-2", shop, List.<String[]>of(new String[] { bob, "5000" }));
		expectOrder(refused, 422, "FAILED");
		say("code " + field(refused.body, "code") + ": " + field(refused.body, "detail"));

		step("Order " + run + "-3, a split payment: " + alice + " 10.00 + " + bob
				+ " 99.99; the second leg fails, so the TC cancels the first");
		Response split = order(shopToken, run + "-3", shop,
				List.of(new String[] { alice, "1000" }, new String[] { bob, "9999" }));
		expectOrder(split, 422, "FAILED");
		Response released = get(LEDGER + "/api/v1/accounts/" + alice + "/freezes?status=CANCELLED", shopToken);
		if (released.body.contains("\"orderNo\":\"" + run + "-3\"")) {
			say(alice + "'s 10.00 freeze for order " + run + "-3 is CANCELLED: released back to available");
		}
		else {
			fail("the first leg's freeze of order " + run + "-3 was not released: " + released.body);
		}

		step("Balances");
		System.out.printf("   %-22s %12s %12s %12s%n", "account", "available", "frozen", "total");
		long[][] expected = { { 7500, 0 }, { 3000, 0 }, { 2500, 0 } };
		String[] ids = { alice, bob, shop };
		for (int i = 0; i < ids.length; i++) {
			Response b = get(LEDGER + "/api/v1/accounts/" + ids[i] + "/balance", shopToken);
			long available = number(b.body, "available");
			long frozen = number(b.body, "frozen");
			System.out.printf("   %-22s %12s %12s %12s%n", ids[i], money(available), money(frozen),
					money(number(b.body, "total")));
			if (available != expected[i][0] || frozen != expected[i][1]) {
				fail(ids[i] + " should have " + money(expected[i][0]) + " available and nothing frozen");
			}
		}
		Response external = get(LEDGER + "/api/v1/accounts/external:CNY/balance", shopToken);
		System.out.printf("   %-22s %12s %12s %12s   (the outside world: all deposits so far)%n", "external:CNY",
				money(number(external.body, "available")), money(number(external.body, "frozen")),
				money(number(external.body, "total")));

		step("Recharge " + run + "-r: " + alice + " tops up 50.00 through the payment channel (as demo-shop)");
		Response recharge = post(LEDGER + "/api/v1/recharges", shopToken,
				"{\"rechargeNo\":\"" + run + "-r\",\"accountId\":\"" + alice + "\",\"amount\":5000}");
		expect(recharge, 201, "recharge");
		say("HTTP " + recharge.status + ", recharge " + field(recharge.body, "status") + ", channel payment "
				+ field(recharge.body, "channelTxId") + "; the customer pays at the channel, which calls back");
		settle(LEDGER + "/api/v1/recharges/" + run + "-r", shopToken, "recharge", "SUCCEEDED");
		balance(shopToken, alice, 12500, 0);

		step("Withdrawal " + run + "-w1: " + alice + " takes 30.00 out to wallet:" + alice
				+ " (held, then the payout worker asks the channel)");
		Response w1 = withdraw(shopToken, run + "-w1", alice, 3000);
		expect(w1, 202, "withdrawal w1");
		say("HTTP " + w1.status + ", withdrawal " + field(w1.body, "status"));
		settle(LEDGER + "/api/v1/withdrawals/" + run + "-w1", shopToken, "withdrawal", "SUCCEEDED");
		balance(shopToken, alice, 9500, 0);

		step("Withdrawal " + run + "-w2: " + alice + " takes 20.00 out, and the channel refuses it");
		say("playing the channel's test console: its next payout fails (PUT " + CHANNEL + "/sim/v1/behaviour)");
		Response behaviour = send(HttpRequest.newBuilder(URI.create(CHANNEL + "/sim/v1/behaviour"))
			.header("Authorization", "Bearer " + CHANNEL_MERCHANT_KEY)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"operation\":\"PAYOUT\",\"outcome\":\"FAIL\",\"times\":1}")));
		expect(behaviour, 200, "the channel's behaviour");
		Response w2 = withdraw(shopToken, run + "-w2", alice, 2000);
		expect(w2, 202, "withdrawal w2");
		say("HTTP " + w2.status + ", withdrawal " + field(w2.body, "status"));
		Response refusedPayout = settle(LEDGER + "/api/v1/withdrawals/" + run + "-w2", shopToken, "withdrawal",
				"FAILED");
		say("reason " + field(refusedPayout.body, "reason") + "; the hold is released back to available");
		balance(shopToken, alice, 9500, 0);

		step("Refund 5.00 of order " + run + "-1 to " + alice + " (as demo-shop): one global transaction, the"
				+ " ledger's refund branch holds the shop's money, the TC confirms it to " + alice);
		Response refund = post(ORDERS + "/api/v1/orders/" + run + "-1/refunds", shopToken,
				"{\"refundNo\":\"" + run + "-rf\",\"amount\":500,\"reason\":\"one item returned\"}");
		expect(refund, 201, "order refund");
		say("HTTP " + refund.status + ", refund " + field(refund.body, "status"));
		Response refunded = get(ORDERS + "/api/v1/orders/" + run + "-1", shopToken);
		if (!"PARTIALLY_REFUNDED".equals(field(refunded.body, "status"))) {
			fail("order " + run + "-1 should be PARTIALLY_REFUNDED: " + refunded.body);
		}
		say("order " + run + "-1 is " + field(refunded.body, "status"));
		balance(shopToken, alice, 10000, 0);
		balance(shopToken, shop, 2000, 0);

		step("Refund 10.00 of recharge " + run + "-r to the card it came from (held, then the channel refunds)");
		Response rr = post(LEDGER + "/api/v1/recharges/" + run + "-r/refunds", shopToken,
				"{\"refundNo\":\"" + run + "-rr\",\"amount\":1000}");
		expect(rr, 202, "recharge refund");
		say("HTTP " + rr.status + ", refund " + field(rr.body, "status"));
		settle(LEDGER + "/api/v1/recharges/" + run + "-r/refunds/" + run + "-rr", shopToken, "recharge refund",
				"SUCCEEDED");
		balance(shopToken, alice, 9000, 0);

		step("Texts to " + alice + "'s phone " + ALICE_PHONE
				+ ", as the SMS gateway received them (each written with the state it announces, sent after)");
		// recharge SUCCEEDED, withdrawal w1 SUCCEEDED, withdrawal w2 FAILED
		int expectedTexts = 3;
		long textsBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Response texts;
		do {
			texts = send(HttpRequest.newBuilder(URI.create(CHANNEL + "/sim/v1/sms?to=" + ALICE_PHONE.replace("+", "%2B")))
				.header("Authorization", "Bearer " + CHANNEL_MERCHANT_KEY)
				.GET());
			expect(texts, 200, "the SMS gateway's list");
			if (texts.body.split("\"reference\":", -1).length - 1 >= expectedTexts) {
				break;
			}
			Thread.sleep(250);
		}
		while (System.nanoTime() < textsBy);
		Matcher text = Pattern.compile("\"text\":\"([^\"]*)\"").matcher(texts.body);
		int received = 0;
		while (text.find()) {
			received++;
			say("SMS: " + text.group(1));
		}
		if (received != expectedTexts) {
			fail("expected " + expectedTexts + " texts, one per settled event, the gateway has " + received + ": "
					+ texts.body);
		}

		step("Reconciliation (invariants I1-I5, I7 and I8 over the whole ledger, as finance-viewer)");
		Response rec = get(LEDGER + "/api/v1/finance/reconciliation", viewerToken);
		Matcher check = Pattern.compile("\\{\"name\":\"([a-z_]+)\",\"ok\":(true|false),\"detail\":\"([^\"]*)\"\\}")
			.matcher(rec.body);
		int checks = 0;
		while (check.find()) {
			checks++;
			System.out.printf("   %-26s %-4s %s%n", check.group(1), "true".equals(check.group(2)) ? "ok" : "FAIL",
					check.group(3));
		}
		// every check the ledger answered was read, and it answered at least I1-I5
		boolean balanced = rec.body.startsWith("{\"ok\":true") && checks >= 5
				&& checks == rec.body.split("\"name\":", -1).length - 1;
		say(balanced ? "The books balance." : "The books do NOT balance: " + rec.body);
		if (!balanced) {
			fail("reconciliation failed");
		}

		if (!failures.isEmpty()) {
			System.out.println();
			System.out.println("DEMO FAILED:");
			failures.forEach((f) -> System.out.println(" - " + f));
			System.exit(1);
		}
		System.out.println();
		System.out.println("Demo finished: 1 order paid, 1 refused, 1 split payment rolled back; 1 recharge, "
				+ "1 withdrawal paid out, 1 refused by the channel; part of an order and of a recharge refunded; "
				+ "books balanced.");
	}

	record Response(int status, String body) {
	}

	/**
	 * A token of a development client (secret {@code <client>-secret}) narrowed to the
	 * scopes the demo uses it for, as a least-privilege client asks, or null after
	 * recording the failure.
	 */
	static String token(String client, String scopes) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
		Response r;
		try {
			r = send(HttpRequest.newBuilder(URI.create(AUTH + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
						+ java.net.URLEncoder.encode(scopes, StandardCharsets.UTF_8))));
		}
		catch (java.io.IOException ex) {
			fail("no token for " + client + ": the issuer at " + AUTH + " cannot be reached (" + ex + ")");
			return null;
		}
		String token = field(r.body, "access_token");
		if (r.status != 200 || token == null) {
			fail("no token for " + client + ": HTTP " + r.status + " " + r.body);
			return null;
		}
		say("got a token for " + client + " (scopes " + field(r.body, "scope") + "; expires in "
				+ number(r.body, "expires_in") + " s)");
		return token;
	}

	/** A deposit is a manual adjustment: finance says why, and the ledger records who. */
	static Response deposit(String token, String account, long amount, String reference) throws Exception {
		return post(LEDGER + "/api/v1/accounts/" + account + "/deposits", token, "{\"amount\":" + amount
				+ ",\"reference\":\"" + reference + "\",\"reason\":\"demo: opening balance of " + account + "\"}");
	}

	static Response order(String token, String orderNo, String payee, List<String[]> legs) throws Exception {
		StringBuilder body = new StringBuilder("{\"orderNo\":\"" + orderNo + "\",\"payeeAccountId\":\"" + payee
				+ "\",\"currency\":\"CNY\",\"legs\":[");
		for (int i = 0; i < legs.size(); i++) {
			body.append(i > 0 ? "," : "")
				.append("{\"accountId\":\"")
				.append(legs.get(i)[0])
				.append("\",\"amount\":")
				.append(legs.get(i)[1])
				.append('}');
		}
		return post(ORDERS + "/api/v1/orders", token, body.append("]}").toString());
	}

	static Response withdraw(String token, String withdrawalNo, String account, long amount) throws Exception {
		return post(LEDGER + "/api/v1/withdrawals", token, "{\"withdrawalNo\":\"" + withdrawalNo + "\",\"accountId\":\""
				+ account + "\",\"amount\":" + amount + ",\"destination\":\"wallet:" + account + "\"}");
	}

	/**
	 * Polls {@code url} until its status is no longer in flight, and says how it ended;
	 * a status other than {@code expected} (or none in time) is a failure.
	 */
	static Response settle(String url, String token, String what, String expected) throws Exception {
		long deadline = System.nanoTime() + SETTLES_WITHIN.toNanos();
		long started = System.nanoTime();
		Response r = get(url, token);
		while (inFlight(field(r.body, "status")) && System.nanoTime() < deadline) {
			Thread.sleep(250);
			r = get(url, token);
		}
		String status = field(r.body, "status");
		say(what + " " + status + " after " + (System.nanoTime() - started) / 1_000_000 + " ms");
		if (!expected.equals(status)) {
			fail(what + " " + url + ": expected " + expected + ", got HTTP " + r.status + ": " + r.body);
		}
		return r;
	}

	static boolean inFlight(String status) {
		return "PENDING".equals(status) || "PROCESSING".equals(status);
	}

	static void balance(String token, String account, long available, long frozen) throws Exception {
		Response b = get(LEDGER + "/api/v1/accounts/" + account + "/balance", token);
		say(account + ": available " + money(number(b.body, "available")) + ", frozen "
				+ money(number(b.body, "frozen")));
		if (number(b.body, "available") != available || number(b.body, "frozen") != frozen) {
			fail(account + " should have " + money(available) + " available and " + money(frozen) + " frozen");
		}
	}

	static void expectOrder(Response r, int status, String orderStatus) {
		String got = field(r.body, "status");
		say("HTTP " + r.status + ", order " + got + ((field(r.body, "xid") != null) ? ", xid " + field(r.body, "xid") : ""));
		if (r.status != status || !orderStatus.equals(got)) {
			fail("expected HTTP " + status + " and " + orderStatus + ", got " + r.status + ": " + r.body);
		}
	}

	static void expect(Response r, int status, String what) {
		if (r.status != status) {
			fail(what + ": expected HTTP " + status + ", got " + r.status + ": " + r.body);
		}
	}

	static Response post(String url, String token, String json) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static Response get(String url, String token) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
	}

	static Response send(HttpRequest.Builder request) throws Exception {
		HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body());
	}

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : null;
	}

	static long number(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
		return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
	}

	static String money(long minor) {
		return String.format("%s%d.%02d", minor < 0 ? "-" : "", Math.abs(minor) / 100, Math.abs(minor) % 100);
	}

	static void step(String text) {
		System.out.println();
		System.out.println("== " + text);
	}

	static void say(String text) {
		System.out.println("   " + text);
	}

	static void fail(String text) {
		failures.add(text);
		say("!! " + text);
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
