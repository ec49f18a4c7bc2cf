package dev.tccledger.ledger.outbound;

import static dev.tccledger.ledger.outbound.OutboundMovement.CAPTURE;
import static dev.tccledger.ledger.outbound.OutboundMovement.NONE;
import static dev.tccledger.ledger.outbound.OutboundMovement.RELEASE;
import static dev.tccledger.ledger.outbound.OutboundStatus.FAILED;
import static dev.tccledger.ledger.outbound.OutboundStatus.NEEDS_ATTENTION;
import static dev.tccledger.ledger.outbound.OutboundStatus.SUCCEEDED;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.ALREADY;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.CONTRADICTS;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.IGNORED;
import static dev.tccledger.ledger.outbound.OutboundTransition.Verdict.REFUSED;

/**
 * The state table of an outbound channel operation, a withdrawal's payout or a recharge's
 * refund (docs/architecture.md), the only place it is written down. Money moves only on
 * the channel's word or an operator's: an unknown outcome, exhausted retries or an
 * operation stuck at the channel keep the hold. The channel's word is still taken after
 * an operation was handed to a person, since it is the truth the person would have looked
 * up.
 */
public final class OutboundRules {

	private OutboundRules() {
	}

	public static OutboundTransition decide(OutboundEvent event, OutboundStatus current) {
		return switch (current) {
			case PROCESSING -> switch (event) {
				case CHANNEL_SUCCEEDED -> OutboundTransition.to(SUCCEEDED, CAPTURE);
				case CHANNEL_FAILED -> OutboundTransition.to(FAILED, RELEASE);
				case SUBMIT_UNKNOWN -> OutboundTransition.stay(IGNORED);
				case RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					OutboundTransition.to(NEEDS_ATTENTION, NONE);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> OutboundTransition.stay(REFUSED);
			};
			case NEEDS_ATTENTION -> switch (event) {
				case CHANNEL_SUCCEEDED, RESOLVED_SUCCEEDED -> OutboundTransition.to(SUCCEEDED, CAPTURE);
				case CHANNEL_FAILED, RESOLVED_FAILED -> OutboundTransition.to(FAILED, RELEASE);
				case SUBMIT_UNKNOWN -> OutboundTransition.stay(IGNORED);
				case RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH -> OutboundTransition.stay(ALREADY);
			};
			case SUCCEEDED -> switch (event) {
				case CHANNEL_SUCCEEDED -> OutboundTransition.stay(ALREADY);
				case CHANNEL_FAILED -> OutboundTransition.stay(CONTRADICTS);
				case SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					OutboundTransition.stay(IGNORED);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> OutboundTransition.stay(REFUSED);
			};
			case FAILED -> switch (event) {
				case CHANNEL_FAILED -> OutboundTransition.stay(ALREADY);
				case CHANNEL_SUCCEEDED -> OutboundTransition.stay(CONTRADICTS);
				case SUBMIT_UNKNOWN, RETRIES_EXHAUSTED, PROCESSING_TOO_LONG, CHANNEL_MISMATCH ->
					OutboundTransition.stay(IGNORED);
				case RESOLVED_SUCCEEDED, RESOLVED_FAILED -> OutboundTransition.stay(REFUSED);
			};
		};
	}

}
