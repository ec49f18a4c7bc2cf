package dev.tccledger.support;

import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micrometer.core.instrument.MeterRegistry;

import dev.tccledger.support.faults.FaultController;
import dev.tccledger.support.faults.FaultPoints;
import dev.tccledger.support.sweep.SweepLeases;
import dev.tccledger.support.web.BodySizeLimitFilter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What both services get by depending on tcc-support: the "seata" health component, the
 * sweep leases and the fault points. The fault endpoint exists only under the
 * {@code faults} profile; without it every point is a no-op and nothing can arm one.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class TccSupportAutoConfiguration {

	@Bean(name = "seata")
	@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
	SeataTcHealthIndicator seataTcHealthIndicator() {
		return new SeataTcHealthIndicator();
	}

	@Bean
	@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
	SeataReconnector seataReconnector(@Value("${seata.tx-service-group}") String transactionServiceGroup) {
		return new SeataReconnector(transactionServiceGroup);
	}

	/**
	 * The one JSON strictness application.yml cannot express: allow-coercion-of-scalars
	 * stops "100" becoming a number, but not 123 becoming the text "123", so an id sent
	 * as a number would name an account or key an idempotent request.
	 */
	@Bean
	Jackson2ObjectMapperBuilderCustomizer noScalarsAsText() {
		return (builder) -> builder.postConfigurer((mapper) -> mapper.coercionConfigFor(LogicalType.Textual)
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/** Bodies over 64 KiB are refused before they are parsed, in both services. */
	@Bean
	BodySizeLimitFilter bodySizeLimitFilter(ObjectMapper json) {
		return new BodySizeLimitFilter(json);
	}

	/** The leases of this instance's scheduled sweeps, on the service's own database. */
	@Bean
	@ConditionalOnSingleCandidate(DataSource.class)
	SweepLeases sweepLeases(DataSource dataSource) {
		return new SweepLeases(new JdbcTemplate(dataSource));
	}

	@Bean
	FaultPoints faultPoints(@Value("${tcc.faults.points:}") List<String> points, MeterRegistry meters) {
		return new FaultPoints(points, meters);
	}

	@Bean
	@Profile("faults")
	FaultController faultController(FaultPoints faults) {
		return new FaultController(faults);
	}

}
