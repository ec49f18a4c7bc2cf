package dev.tccledger.support.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.tccledger.support.TccSupportAutoConfiguration;
import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.security.EmbeddedDefaults;
import dev.tccledger.support.security.MissingSecuritySettingException;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.sweep.SweepSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The notification outbox of a service that depends on tcc-support (docs/operations.md,
 * notifications): the {@link Outbox} its transactions write to, the dispatcher, the
 * operators' endpoints and the metrics. Properties under {@code tcc.notifications}: SMS
 * through {@code sms.base-url} with {@code sms.merchant-key}, webhooks per event type
 * ({@code webhooks.<TYPE>=url,...}) signed with {@code webhook-secret}. The merchant key
 * and the secret have development values only in the embedded default (the channel
 * simulator's development merchant); elsewhere they are required when SMS or webhooks are
 * configured.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, TccSupportAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "tcc.notifications.enabled", havingValue = "true", matchIfMissing = true)
public class OutboxAutoConfiguration {

	static final String PREFIX = "tcc.notifications.";

	@Bean
	NotificationStore notificationStore(DataSource dataSource) {
		return new NotificationStore(new JdbcTemplate(dataSource));
	}

	@Bean
	Outbox outbox(NotificationStore store, ObjectMapper json, Environment environment) {
		return new Outbox(store, json, webhooks(environment), smsBaseUrl(environment) != null);
	}

	@Bean
	NotificationDispatcher notificationDispatcher(NotificationStore store, ObjectMapper json, SweepLeases leases,
			MeterRegistry meters, FaultPoints faults, Environment environment) {
		long leaseMs = environment.getProperty(PREFIX + "lease-ms", Long.class, 60000L);
		long timeoutMs = environment.getProperty(PREFIX + "timeout-ms", Long.class, 5000L);
		if (timeoutMs * 2 >= leaseMs) {
			// a send must end well inside the row's lease, or another instance could send
			// the row while this one still waits for the answer
			throw new IllegalStateException(PREFIX + "lease-ms (" + leaseMs + ") must exceed twice " + PREFIX
					+ "timeout-ms (" + timeoutMs + ")");
		}
		String smsBaseUrl = smsBaseUrl(environment);
		NotificationSender sender = new NotificationSender(Duration.ofMillis(timeoutMs), smsBaseUrl,
				(smsBaseUrl != null) ? secret(environment, "sms.merchant-key", "sim-ledger-key",
						"The SMS gateway's merchant API key") : null,
				webhooks(environment).isEmpty() ? null : secret(environment, "webhook-secret", "tcc-dev-webhook-secret",
						"The secret webhook notifications are signed with"),
				json, Clock.systemUTC());
		RetryPolicy policy = new RetryPolicy(environment.getProperty(PREFIX + "max-attempts", Integer.class, 8),
				Duration.ofMillis(environment.getProperty(PREFIX + "backoff-base-ms", Long.class, 1000L)),
				Duration.ofMillis(environment.getProperty(PREFIX + "backoff-max-ms", Long.class, 300000L)));
		SweepSettings settings = SweepSettings.ofMillis(
				environment.getProperty(PREFIX + "period-ms", Long.class, 1000L), 0,
				environment.getProperty(PREFIX + "batch-size", Integer.class, 100), leaseMs);
		return new NotificationDispatcher(store, sender, policy, settings, leases, meters,
				"notifier-" + UUID.randomUUID(), faults);
	}

	@Bean
	NotificationController notificationController(NotificationStore store) {
		return new NotificationController(store);
	}

	/** What an operator watches: rows waiting for a person. */
	@Bean
	Gauge parkedNotifications(NotificationStore store, MeterRegistry meters) {
		return Gauge.builder("tcc.notifications.parked", store, (s) -> {
			try {
				return s.count(NotificationStatus.PARKED);
			}
			catch (RuntimeException databaseDown) {
				return Double.NaN;
			}
		}).description("notifications waiting for a person to re-drive them").register(meters);
	}

	static String smsBaseUrl(Environment environment) {
		String url = environment.getProperty(PREFIX + "sms.base-url");
		return (url == null || url.isBlank()) ? null : url.replaceAll("/+$", "");
	}

	/** Event type → the URLs subscribed to it. */
	static Map<String, List<String>> webhooks(Environment environment) {
		Map<String, String> raw = Binder.get(environment)
			.bind(PREFIX + "webhooks", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		Map<String, List<String>> webhooks = new LinkedHashMap<>();
		raw.forEach((type, urls) -> {
			List<String> list = Arrays.stream(urls.split(",")).map(String::trim).filter((u) -> !u.isEmpty()).toList();
			if (!list.isEmpty()) {
				webhooks.put(type, list);
			}
		});
		return webhooks;
	}

	static String secret(Environment environment, String property, String development, String what) {
		String value = environment.getProperty(PREFIX + property);
		if (value != null && !value.isBlank()) {
			return value;
		}
		if (EmbeddedDefaults.isEmbedded(environment)) {
			return development;
		}
		throw new MissingSecuritySettingException(environment, PREFIX + property, what, "a value of your own");
	}

}
