package dev.tccledger.channel.sms;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tccledger.channel.ChannelError;
import dev.tccledger.channel.ChannelException;
import dev.tccledger.channel.MerchantKeyFilter;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SMS gateway: records each text once per reference (a replay answers the recorded
 * one, the same reference with another text is a conflict) and lists what it received, so
 * tests can see what a person would have been told.
 */
@RestController
@RequestMapping("/sim/v1/sms")
class SmsController {

	private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{3,20}");

	private final JdbcClient jdbc;

	private final Clock clock;

	SmsController(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record SmsRequest(String to, String text, String reference) {
	}

	record Sms(String reference, String to, String text, Instant receivedAt) {
	}

	@PostMapping
	Sms send(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant, @RequestBody SmsRequest request) {
		if (request.reference() == null || !REFERENCE.matcher(request.reference()).matches()) {
			throw invalid("reference must be 1-64 characters of A-Z a-z 0-9 . _ : -");
		}
		if (request.to() == null || !PHONE.matcher(request.to()).matches()) {
			throw invalid("to must be a phone number: digits, optionally after +");
		}
		if (request.text() == null || request.text().isBlank() || request.text().length() > 1000) {
			throw invalid("text must be 1-1000 characters");
		}
		Optional<Sms> recorded = find(merchant, request.reference());
		if (recorded.isEmpty()) {
			try {
				this.jdbc
					.sql("INSERT INTO sms (merchant, reference, recipient, text, received_at) VALUES (?, ?, ?, ?, ?)")
					.params(merchant, request.reference(), request.to(), request.text(),
							Timestamp.from(this.clock.instant()))
					.update();
			}
			catch (DuplicateKeyException race) {
				// recorded concurrently: compared below like any replay
			}
			recorded = find(merchant, request.reference());
		}
		Sms sms = recorded.orElseThrow();
		if (!sms.to().equals(request.to()) || !sms.text().equals(request.text())) {
			throw new ChannelException(ChannelError.IDEMPOTENCY_CONFLICT,
					"reference " + request.reference() + " was used for another message");
		}
		return sms;
	}

	@GetMapping
	List<Sms> received(@RequestAttribute(MerchantKeyFilter.MERCHANT) String merchant,
			@RequestParam(required = false) String to) {
		return this.jdbc
			.sql("SELECT reference, recipient, text, received_at FROM sms WHERE merchant = ?"
					+ " AND (CAST(? AS VARCHAR) IS NULL OR recipient = ?) ORDER BY received_at, reference")
			.params(merchant, to, to)
			.query(SmsController::map)
			.list();
	}

	private Optional<Sms> find(String merchant, String reference) {
		return this.jdbc
			.sql("SELECT reference, recipient, text, received_at FROM sms WHERE merchant = ? AND reference = ?")
			.params(merchant, reference)
			.query(SmsController::map)
			.optional();
	}

	private static Sms map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Sms(rs.getString("reference"), rs.getString("recipient"), rs.getString("text"),
				rs.getTimestamp("received_at").toInstant());
	}

	private static ChannelException invalid(String detail) {
		return new ChannelException(ChannelError.VALIDATION_FAILED, detail);
	}

}
