package dev.tccledger.auth;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People through the console's authorization-code flow with PKCE, over HTTP as a browser
 * does it: authorize, login form with its CSRF token, back to authorize, code on the
 * redirect URI, code plus verifier for a token. The server runs with a configured signing
 * key, redirect URI and token lifetime.
 */
class PkceLoginIT {

	private static final String REDIRECT_URI = "http://127.0.0.1:1/console/callback";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	@TempDir
	static Path keys;

	private static AuthServer server;

	private static RSAKey signingKey;

	@BeforeAll
	static void start() throws Exception {
		signingKey = SigningKeys.rsa();
		Path pem = keys.resolve("signing.pem");
		Files.writeString(pem, SigningKeys.pkcs8Pem(signingKey));
		server = AuthServer.start("--auth.signing-key=" + pem, "--auth.console.redirect-uri=" + REDIRECT_URI,
				"--auth.access-token-ttl=90s");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theOperatorSignsInAndGetsOperatingScopes() throws Exception {
		Pkce pkce = Pkce.create();
		String code = signInForCode("operator", "operator", "openid finance:read finance:operate ledger:accounts",
				pkce);

		JWTClaimsSet claims = server.verifiedClaims(exchange(code, pkce.verifier()));

		assertThat(claims.getSubject()).isEqualTo("operator");
		assertThat(AuthServer.scopes(claims)).containsExactlyInAnyOrder("openid", "finance:read", "finance:operate",
				"ledger:accounts");
		assertThat(claims.getIssuer()).isEqualTo(AuthServer.ISSUER);
		assertThat(claims.getAudience()).containsExactly("ledger-service", "order-service", "inventory-service");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void financeAskingForEverythingGetsOnlyWhatFinanceIsGranted() throws Exception {
		Pkce pkce = Pkce.create();
		String code = signInForCode("finance", "finance", "finance:read finance:operate ledger:accounts", pkce);

		HttpResponse<String> token = exchange(code, pkce.verifier());
		JWTClaimsSet claims = server.verifiedClaims(token);

		assertThat(claims.getSubject()).isEqualTo("finance");
		assertThat(AuthServer.scopes(claims)).containsExactlyInAnyOrder("finance:read", "ledger:accounts");
		assertThat(AuthServer.json(token).get("scope").asText()).doesNotContain("finance:operate");
	}

	@Test
	void aCodeIsRedeemedOnlyWithItsVerifierAndOnlyOnce() throws Exception {
		Pkce pkce = Pkce.create();
		String code = signInForCode("operator", "operator", "finance:read", pkce);

		HttpResponse<String> withoutVerifier = server.send(tokenRequest(Map.of("grant_type", "authorization_code",
				"code", code, "redirect_uri", REDIRECT_URI, "client_id", "finance-console")));
		// a public client without code_verifier does not even authenticate as a client
		assertThat(withoutVerifier.statusCode()).as(withoutVerifier.body()).isEqualTo(401);
		assertThat(withoutVerifier.body()).doesNotContain("access_token");

		HttpResponse<String> wrongVerifier = exchange(code, Pkce.create().verifier());
		assertThat(wrongVerifier.statusCode()).as(wrongVerifier.body()).isEqualTo(400);
		assertThat(AuthServer.json(wrongVerifier).get("error").asText()).isEqualTo("invalid_grant");

		assertThat(exchange(code, pkce.verifier()).statusCode()).isEqualTo(200);
		HttpResponse<String> replay = exchange(code, pkce.verifier());
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(AuthServer.json(replay).get("error").asText()).isEqualTo("invalid_grant");
	}

	@Test
	void anAuthorizationRequestWithoutACodeChallengeIsRefused() {
		Browser browser = new Browser();
		Map<String, String> query = authorizeQuery("finance:read", Pkce.create());
		query.remove("code_challenge");
		query.remove("code_challenge_method");

		HttpResponse<String> response = browser.get(authorizeUri(query));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response).toString()).startsWith(REDIRECT_URI).contains("error=invalid_request");
	}

	@Test
	void tokensAreSignedWithTheConfiguredKey() throws Exception {
		assertThat(server.jwks().getKeys()).singleElement()
			.satisfies((key) -> assertThat(key.getKeyID()).isEqualTo(signingKey.computeThumbprint().toString()))
			.satisfies((key) -> assertThat(key.toRSAKey().getModulus()).isEqualTo(signingKey.getModulus()));
	}

	@Test
	void passwordsAreStoredAsBcryptHashes() {
		UserDetailsService users = server.bean(UserDetailsService.class);

		for (String username : new String[] { "finance", "operator" }) {
			assertThat(users.loadUserByUsername(username).getPassword()).startsWith("{bcrypt}$2")
				.doesNotContain(username + "}")
				.isNotEqualTo(username);
		}
	}

	/**
	 * Authorize, sign in through the form, authorize again: the code from the redirect.
	 */
	private static String signInForCode(String username, String password, String scope, Pkce pkce) {
		Browser browser = new Browser();
		Map<String, String> query = authorizeQuery(scope, pkce);

		HttpResponse<String> toLogin = browser.get(authorizeUri(query));
		assertThat(toLogin.statusCode()).as(toLogin.body()).isEqualTo(302);
		URI loginPage = location(toLogin);
		assertThat(loginPage.getPath()).isEqualTo("/login");

		HttpResponse<String> form = browser.get(loginPage);
		Matcher csrf = CSRF.matcher(form.body());
		assertThat(csrf.find()).as(form.body()).isTrue();
		HttpResponse<String> signedIn = browser.post(server.uri("/login"),
				Map.of("username", username, "password", password, "_csrf", csrf.group(1)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		URI again = location(signedIn);
		assertThat(again.getPath()).as("a signed-in user goes back to the authorization request")
			.isEqualTo("/oauth2/authorize");

		HttpResponse<String> toClient = browser.get(again);
		assertThat(toClient.statusCode()).as(toClient.body()).isEqualTo(302);
		URI callback = location(toClient);
		assertThat(callback.toString()).startsWith(REDIRECT_URI);
		Map<String, String> answer = queryOf(callback);
		assertThat(answer).containsEntry("state", query.get("state")).containsKey("code");
		return answer.get("code");
	}

	private static Map<String, String> authorizeQuery(String scope, Pkce pkce) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", "finance-console");
		query.put("scope", scope);
		query.put("redirect_uri", REDIRECT_URI);
		query.put("state", Pkce.random());
		query.put("code_challenge", pkce.challenge());
		query.put("code_challenge_method", "S256");
		return query;
	}

	private static URI authorizeUri(Map<String, String> query) {
		return server.uri("/oauth2/authorize?" + AuthServer.form(query));
	}

	private static HttpResponse<String> exchange(String code, String verifier) {
		return server.send(tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				REDIRECT_URI, "client_id", "finance-console", "code_verifier", verifier)));
	}

	private static HttpRequest tokenRequest(Map<String, String> form) {
		return HttpRequest.newBuilder(server.uri("/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(AuthServer.form(form)))
			.build();
	}

	private static URI location(HttpResponse<String> response) {
		return server.base.resolve(response.headers().firstValue("Location").orElseThrow());
	}

	private static Map<String, String> queryOf(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return query;
	}

	/**
	 * One browser: its own cookie jar (the session), redirects looked at, not followed.
	 */
	private static final class Browser {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		HttpResponse<String> get(URI uri) {
			return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build());
		}

		HttpResponse<String> post(URI uri, Map<String, String> form) {
			return send(HttpRequest.newBuilder(uri)
				.header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(AuthServer.form(form)))
				.build());
		}

		private HttpResponse<String> send(HttpRequest request) {
			try {
				return this.http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	private record Pkce(String verifier, String challenge) {

		static Pkce create() {
			String verifier = random();
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		static String random() {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

}
