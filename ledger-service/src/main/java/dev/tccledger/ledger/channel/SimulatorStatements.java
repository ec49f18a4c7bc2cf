package dev.tccledger.ledger.channel;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The channel {@code sim}'s statement: {@code GET /sim/v1/statements/{yyyy-MM-dd}}, CSV
 * with a header line (channel-simulator/README.md, Statements). Columns are found by
 * their header name, so a column the simulator adds later is ignored; a missing column or
 * a line the ledger cannot read fails the whole statement, since reconciling part of a
 * day would report the rest as missing.
 */
public class SimulatorStatements implements ChannelStatements {

	static final List<String> COLUMNS = List.of("type", "reference", "channelTxId", "amount", "currency", "status",
			"settledAt");

	private final RestClient http;

	public SimulatorStatements(String baseUrl, String merchantKey, Duration connectTimeout, Duration readTimeout) {
		this.http = SimulatorChannel.http(baseUrl, merchantKey, connectTimeout, readTimeout);
	}

	@Override
	public String channel() {
		return SimulatorChannel.NAME;
	}

	@Override
	public List<StatementLine> statement(LocalDate day) throws ChannelCallFailure {
		String csv;
		try {
			csv = this.http.get().uri("/sim/v1/statements/{day}", day.toString()).retrieve().body(String.class);
		}
		catch (RestClientResponseException status) {
			throw SimulatorChannel.classify(status.getStatusCode(), status.getResponseBodyAsString(), status);
		}
		catch (RestClientException io) {
			throw new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null,
					"channel sim: statement of " + day + ": " + io.getMessage(), io);
		}
		return parse(csv);
	}

	/** The simulator's CSV as lines; fails on anything it cannot read. */
	static List<StatementLine> parse(String csv) throws ChannelCallFailure {
		String[] rows = (csv != null) ? csv.split("\r?\n") : new String[0];
		if (rows.length == 0 || rows[0].isBlank()) {
			throw unreadable("no header line");
		}
		String[] header = rows[0].split(",", -1);
		Map<String, Integer> at = new HashMap<>();
		for (int i = 0; i < header.length; i++) {
			at.put(header[i].trim(), i);
		}
		for (String column : COLUMNS) {
			if (!at.containsKey(column)) {
				throw unreadable("the header " + rows[0] + " has no column " + column);
			}
		}
		List<StatementLine> lines = new ArrayList<>();
		for (int n = 1; n < rows.length; n++) {
			if (rows[n].isBlank()) {
				continue;
			}
			String[] field = rows[n].split(",", -1);
			if (field.length != header.length) {
				throw unreadable("line " + (n + 1) + " has " + field.length + " fields, the header " + header.length);
			}
			try {
				lines.add(new StatementLine(ChannelOperation.valueOf(field[at.get("type")]),
						required(field[at.get("reference")]), required(field[at.get("channelTxId")]),
						Long.parseLong(field[at.get("amount")]), required(field[at.get("currency")]),
						ChannelStatus.valueOf(field[at.get("status")]), Instant.parse(field[at.get("settledAt")])));
			}
			catch (IllegalArgumentException | DateTimeParseException bad) {
				throw unreadable("line " + (n + 1) + " (" + rows[n] + "): " + bad.getMessage());
			}
		}
		return lines;
	}

	private static String required(String field) {
		if (field.isBlank()) {
			throw new IllegalArgumentException("an empty field");
		}
		return field;
	}

	private static ChannelCallFailure unreadable(String why) {
		return new ChannelCallFailure(ChannelCallFailure.Kind.OUTCOME_UNKNOWN, null,
				"channel sim sent a statement the ledger cannot read: " + why, null);
	}

}
