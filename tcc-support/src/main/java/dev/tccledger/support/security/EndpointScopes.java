package dev.tccledger.support.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which scope each endpoint needs: the one table the filter chain enforces and the tests
 * read. A request no entry matches is refused, so an endpoint added without an entry is
 * closed, not open, and the endpoint matrix test fails on it. The first matching entry
 * wins.
 */
public final class EndpointScopes {

	/**
	 * One row: a method (null: any) and a path pattern, open or needing one of the
	 * scopes.
	 */
	public record Entry(HttpMethod method, PathPattern pattern, boolean open, Set<String> anyOf) {

		boolean matches(HttpMethod requestMethod, PathContainer path) {
			return (this.method == null || this.method.equals(requestMethod)) && this.pattern.matches(path);
		}

		@Override
		public String toString() {
			return ((this.method != null) ? this.method.name() : "*") + " " + this.pattern.getPatternString() + " -> "
					+ (this.open ? "open" : String.join(" | ", this.anyOf));
		}

	}

	private static final PathPatternParser PARSER = new PathPatternParser();

	private final List<Entry> entries;

	private EndpointScopes(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The rows every service shares: health open for liveness probes; metrics for a
	 * scraper's own scope (one port per service, and a scraper's token can do nothing
	 * else); the fault endpoint, mapped only under the faults profile, for operators.
	 */
	public static EndpointScopes platform() {
		return builder().open(HttpMethod.GET, "/actuator/health")
			.open(HttpMethod.GET, "/actuator/health/**")
			.require(HttpMethod.GET, "/actuator/prometheus", "ops:metrics")
			// the same numbers as JSON (the benchmark reads CPU time there)
			.require(HttpMethod.GET, "/actuator/metrics", "ops:metrics")
			.require(HttpMethod.GET, "/actuator/metrics/**", "ops:metrics")
			.require(null, "/api/v1/faults", "ops:faults")
			.require(null, "/api/v1/faults/**", "ops:faults")
			.build();
	}

	/** This table's rows followed by {@code later}'s; earlier rows win. */
	public EndpointScopes then(EndpointScopes later) {
		List<Entry> all = new ArrayList<>(this.entries);
		all.addAll(later.entries);
		return new EndpointScopes(all);
	}

	/** The row that decides a request, if any; none means the request is refused. */
	public Optional<Entry> find(HttpMethod method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		return this.entries.stream().filter((entry) -> entry.matches(method, container)).findFirst();
	}

	public List<Entry> entries() {
		return this.entries;
	}

	public static final class Builder {

		private final List<Entry> entries = new ArrayList<>();

		private Builder() {
		}

		/** No token needed: only for what holds no data (health, API descriptions). */
		public Builder open(HttpMethod method, String pattern) {
			this.entries.add(new Entry(method, PARSER.parse(pattern), true, Set.of()));
			return this;
		}

		/**
		 * A token with at least one of {@code anyOf}; a null method means every method.
		 */
		public Builder require(HttpMethod method, String pattern, String... anyOf) {
			if (anyOf.length == 0) {
				throw new IllegalArgumentException("an endpoint that is not open needs at least one scope: " + pattern);
			}
			this.entries.add(new Entry(method, PARSER.parse(pattern), false, new LinkedHashSet<>(List.of(anyOf))));
			return this;
		}

		public EndpointScopes build() {
			return new EndpointScopes(this.entries);
		}

	}

}
