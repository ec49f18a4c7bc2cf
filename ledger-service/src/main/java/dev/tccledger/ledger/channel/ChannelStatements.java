package dev.tccledger.ledger.channel;

import java.time.LocalDate;
import java.util.List;

/**
 * A channel's daily statement (its reconciliation file), kept apart from
 * {@link PaymentChannel}: the statement is read by finance's reconciliation, never by the
 * flows that move money, and a channel may deliver it another way (a file server, a
 * download portal) than its payment API.
 */
public interface ChannelStatements {

	/** The channel's name, as {@link PaymentChannel#name()}. */
	String channel();

	/**
	 * Every operation the channel settled on {@code day} (in the channel's statement
	 * zone), whatever its outcome, in the channel's order. Fails rather than answering
	 * part of a statement.
	 */
	List<StatementLine> statement(LocalDate day) throws ChannelCallFailure;

}
