package dev.tccledger.support.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * The issuer's signing keys, fetched on first use rather than at start-up (a service must
 * come up while its issuer is still starting), from the configured JWK set URI or else
 * the one the issuer's discovery document names. Keys are cached for a day and re-fetched
 * at once for a key id not seen before (the issuer rotated); while the issuer is
 * unreachable the cached keys keep verifying the tokens they signed.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

	private static final long CACHE_TTL_MS = Duration.ofDays(1).toMillis();

	private final String issuer;

	private final String configuredJwkSetUri;

	private volatile JWKSource<SecurityContext> delegate;

	IssuerKeys(String issuer, String configuredJwkSetUri) {
		this.issuer = issuer;
		this.configuredJwkSetUri = configuredJwkSetUri;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		return delegate().get(selector, context);
	}

	private JWKSource<SecurityContext> delegate() throws KeySourceException {
		JWKSource<SecurityContext> source = this.delegate;
		if (source == null) {
			synchronized (this) {
				source = this.delegate;
				if (source == null) {
					source = build(jwkSetUrl());
					this.delegate = source;
				}
			}
		}
		return source;
	}

	private static JWKSource<SecurityContext> build(URL jwkSetUrl) {
		int timeout = (int) FETCH_TIMEOUT.toMillis();
		return JWKSourceBuilder.create(jwkSetUrl, new DefaultResourceRetriever(timeout, timeout, 512 * 1024))
			.cache(CACHE_TTL_MS, FETCH_TIMEOUT.toMillis())
			.rateLimited(false)
			.outageTolerant(CACHE_TTL_MS)
			.retrying(true)
			.build();
	}

	private URL jwkSetUrl() throws KeySourceException {
		try {
			if (this.configuredJwkSetUri != null && !this.configuredJwkSetUri.isBlank()) {
				return URI.create(this.configuredJwkSetUri).toURL();
			}
			return URI.create(discover()).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new KeySourceException("bad JWK set URI for issuer " + this.issuer + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The jwks_uri of the issuer's OpenID discovery document, checked to be this
	 * issuer's.
	 */
	private String discover() throws KeySourceException {
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
			.timeout(FETCH_TIMEOUT)
			.GET()
			.build();
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(FETCH_TIMEOUT)
				.build()
				.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new KeySourceException(
						"issuer discovery at " + request.uri() + " answered " + response.statusCode());
			}
			JsonNode document = new ObjectMapper().readTree(response.body());
			if (!this.issuer.equals(document.path("issuer").asText())) {
				throw new KeySourceException("issuer discovery at " + request.uri() + " names issuer "
						+ document.path("issuer").asText() + ", not " + this.issuer);
			}
			String jwksUri = document.path("jwks_uri").asText("");
			if (jwksUri.isEmpty()) {
				throw new KeySourceException("issuer discovery at " + request.uri() + " has no jwks_uri");
			}
			return jwksUri;
		}
		catch (IOException ex) {
			throw new KeySourceException("issuer discovery at " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KeySourceException("interrupted while fetching " + request.uri(), ex);
		}
	}

}
