package dev.tccledger.channel;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every call under {@code /sim/v1} carries a merchant's API key
 * ({@code Authorization: Bearer <key>}), the behaviour and test-control endpoints too: a
 * provider's sandbox does not let strangers settle payments. The merchant found is the
 * request attribute {@link #MERCHANT}. Actuator endpoints are not under the filter.
 */
@Component
public class MerchantKeyFilter extends OncePerRequestFilter {

	/** The request attribute holding the calling merchant's name. */
	public static final String MERCHANT = "channel.merchant";

	private static final String BEARER = "Bearer ";

	private final Merchants merchants;

	private final ObjectMapper json;

	MerchantKeyFilter(Merchants merchants, ObjectMapper json) {
		this.merchants = merchants;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/sim/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		Optional<String> merchant = (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
				? this.merchants.byKey(header.substring(BEARER.length()).trim()) : Optional.empty();
		if (merchant.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(),
					Problems.body(ChannelError.UNAUTHENTICATED.status(), ChannelError.UNAUTHENTICATED.name(),
							ChannelError.UNAUTHENTICATED.title(),
							(header == null) ? "no Authorization header" : "unknown merchant API key"));
			return;
		}
		request.setAttribute(MERCHANT, merchant.get());
		chain.doFilter(request, response);
	}

}
