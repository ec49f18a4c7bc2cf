package dev.tccledger.channel.operation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;
import dev.tccledger.channel.ChannelProperties;
import dev.tccledger.channel.MerchantKeyFilter;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * The day's statement, as a provider's reconciliation file: every operation of the
 * merchant settled that day ({@code channel.statement-zone}), whatever its outcome, in
 * the order they settled.
 */
@RestController
class StatementController {

	static final String HEADER = "type,reference,channelTxId,amount,currency,status,settledAt";

	private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

	private final Operations operations;

	private final ZoneId zone;

	StatementController(Operations operations, ChannelProperties properties) {
		this.operations = operations;
		this.zone = properties.statementZone();
	}

	@GetMapping("/sim/v1/statements/{date}")
	ResponseEntity<String> statement(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@PathVariable String date) {
		LocalDate day;
		try {
			day = LocalDate.parse(date);
		}
		catch (DateTimeParseException ex) {
			throw new ChannelException(ChannelError.VALIDATION_FAILED, "the date must be yyyy-MM-dd");
		}
		Instant from = day.atStartOfDay(this.zone).toInstant();
		Instant to = day.plusDays(1).atStartOfDay(this.zone).toInstant();
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (Operation operation : this.operations.settledBetween(merchant, from, to)) {
			csv.append(String.join(",", operation.type().name(), operation.reference(), operation.channelTxId(),
					Long.toString(operation.amount()), operation.currency(), operation.status().name(),
					operation.settledAt().toString()))
				.append('\n');
		}
		return ResponseEntity.ok().contentType(CSV).body(csv.toString());
	}

}
