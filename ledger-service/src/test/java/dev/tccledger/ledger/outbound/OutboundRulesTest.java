package dev.tccledger.ledger.outbound;

import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;

import static dev.tccledger.ledger.outbound.OutboundEvent.CHANNEL_FAILED;
import static dev.tccledger.ledger.outbound.OutboundEvent.CHANNEL_MISMATCH;
import static dev.tccledger.ledger.outbound.OutboundEvent.CHANNEL_SUCCEEDED;
import static dev.tccledger.ledger.outbound.OutboundEvent.PROCESSING_TOO_LONG;
import static dev.tccledger.ledger.outbound.OutboundEvent.RESOLVED_FAILED;
import static dev.tccledger.ledger.outbound.OutboundEvent.RESOLVED_SUCCEEDED;
import static dev.tccledger.ledger.outbound.OutboundEvent.RETRIES_EXHAUSTED;
import static dev.tccledger.ledger.outbound.OutboundEvent.SUBMIT_UNKNOWN;
import static dev.tccledger.ledger.outbound.OutboundMovement.CAPTURE;
import static dev.tccledger.ledger.outbound.OutboundMovement.NONE;
import static dev.tccledger.ledger.outbound.OutboundMovement.RELEASE;
import static dev.tccledger.ledger.outbound.OutboundStatus.FAILED;
import static dev.tccledger.ledger.outbound.OutboundStatus.NEEDS_ATTENTION;
import static dev.tccledger.ledger.outbound.OutboundStatus.PROCESSING;
import static dev.tccledger.ledger.outbound.OutboundStatus.SUCCEEDED;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.ALREADY;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.APPLIED;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.CONTRADICTS;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.IGNORED;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

/** Every cell of the withdrawal state table (docs/architecture.md). */
class OutboundRulesTest {

	static Stream<Arguments> cells() {
		return Stream.of(
				// PROCESSING: only the channel's word moves money
				cell(PROCESSING, CHANNEL_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(PROCESSING, CHANNEL_FAILED, FAILED, RELEASE, APPLIED),
				cell(PROCESSING, CHANNEL_MISMATCH, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(PROCESSING, RETRIES_EXHAUSTED, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, PROCESSING_TOO_LONG, NEEDS_ATTENTION, NONE, APPLIED),
				cell(PROCESSING, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(PROCESSING, RESOLVED_FAILED, null, NONE, REFUSED),
				// NEEDS_ATTENTION: the channel's word or a person's
				cell(NEEDS_ATTENTION, CHANNEL_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(NEEDS_ATTENTION, CHANNEL_FAILED, FAILED, RELEASE, APPLIED),
				cell(NEEDS_ATTENTION, CHANNEL_MISMATCH, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(NEEDS_ATTENTION, RETRIES_EXHAUSTED, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, PROCESSING_TOO_LONG, null, NONE, ALREADY),
				cell(NEEDS_ATTENTION, RESOLVED_SUCCEEDED, SUCCEEDED, CAPTURE, APPLIED),
				cell(NEEDS_ATTENTION, RESOLVED_FAILED, FAILED, RELEASE, APPLIED),
				// SUCCEEDED: final, never un-captured
				cell(SUCCEEDED, CHANNEL_SUCCEEDED, null, NONE, ALREADY),
				cell(SUCCEEDED, CHANNEL_FAILED, null, NONE, CONTRADICTS),
				cell(SUCCEEDED, CHANNEL_MISMATCH, null, NONE, IGNORED),
				cell(SUCCEEDED, SUBMIT_UNKNOWN, null, NONE, IGNORED),
				cell(SUCCEEDED, RETRIES_EXHAUSTED, null, NONE, IGNORED),
				cell(SUCCEEDED, PROCESSING_TOO_LONG, null, NONE, IGNORED),
				cell(SUCCEEDED, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(SUCCEEDED, RESOLVED_FAILED, null, NONE, REFUSED),
				// FAILED: final, never captured afterwards
				cell(FAILED, CHANNEL_SUCCEEDED, null, NONE, CONTRADICTS),
				cell(FAILED, CHANNEL_FAILED, null, NONE, ALREADY), cell(FAILED, CHANNEL_MISMATCH, null, NONE, IGNORED),
				cell(FAILED, SUBMIT_UNKNOWN, null, NONE, IGNORED), cell(FAILED, RETRIES_EXHAUSTED, null, NONE, IGNORED),
				cell(FAILED, PROCESSING_TOO_LONG, null, NONE, IGNORED),
				cell(FAILED, RESOLVED_SUCCEEDED, null, NONE, REFUSED),
				cell(FAILED, RESOLVED_FAILED, null, NONE, REFUSED));
	}

	static Arguments cell(OutboundStatus from, OutboundEvent event, OutboundStatus to, OutboundMovement movement,
			OutboundTransition.Verdict verdict) {
		return Arguments.of(from, event, new OutboundTransition(to, movement, verdict));
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@MethodSource("cells")
	void eachCell(OutboundStatus from, OutboundEvent event, OutboundTransition expected) {
		assertThat(OutboundRules.decide(event, from)).isEqualTo(expected);
	}

	@Test
	void theTableAboveIsEveryCell() {
		assertThat(cells().count()).isEqualTo((long) OutboundStatus.values().length * OutboundEvent.values().length);
	}

	@Test
	void moneyMovesOnlyOnTheChannelsWordOrAPersons() {
		for (OutboundStatus from : OutboundStatus.values()) {
			for (OutboundEvent event : EnumSet.of(SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG,
					CHANNEL_MISMATCH)) {
				assertThat(OutboundRules.decide(event, from).movement()).as("%s + %s", from, event).isEqualTo(NONE);
			}
		}
	}

	/**
	 * The hold ends exactly when money moves: a transition out of a holding state to a
	 * settled one captures or releases, and nothing moves from a settled state. Finance's
	 * I2 (frozen = open holds) counts on it for payouts and refunds alike.
	 */
	@Test
	void theHoldEndsExactlyWhenMoneyMoves() {
		for (OutboundStatus from : OutboundStatus.values()) {
			for (OutboundEvent event : OutboundEvent.values()) {
				OutboundTransition t = OutboundRules.decide(event, from);
				boolean endsHold = t.changesState() && from.holdsMoney() && !t.target().holdsMoney();
				assertThat(t.movement() != NONE).as("%s + %s", from, event).isEqualTo(endsHold);
			}
		}
	}

	/**
	 * The channel's final word is the same event whatever it answers for (a payout, a
	 * refund); a refund the channel let expire failed with that reason.
	 */
	@ParameterizedTest
	@MethodSource("finalAnswers")
	void theChannelsFinalWordIsOneEventForEveryOperation(ChannelOperation operation, ChannelStatus status,
			String reason, OutboundEvent event, String expectedReason) {
		ChannelAnswer answer = new ChannelAnswer(operation, "tx-1", "no-1", 100, "CNY", status, reason, null);
		assertThat(OutboundEvent.of(answer)).isEqualTo(event);
		assertThat(OutboundEvent.reasonOf(answer)).isEqualTo(expectedReason);
	}

	static Stream<Arguments> finalAnswers() {
		return Stream.of(ChannelOperation.PAYOUT, ChannelOperation.REFUND)
			.flatMap((op) -> Stream.of(Arguments.of(op, ChannelStatus.SUCCEEDED, null, CHANNEL_SUCCEEDED, null),
					Arguments.of(op, ChannelStatus.FAILED, "PAYMENT_CLOSED", CHANNEL_FAILED, "PAYMENT_CLOSED"),
					Arguments.of(op, ChannelStatus.FAILED, null, CHANNEL_FAILED, "FAILED"),
					Arguments.of(op, ChannelStatus.EXPIRED, null, CHANNEL_FAILED, "EXPIRED")));
	}

}
