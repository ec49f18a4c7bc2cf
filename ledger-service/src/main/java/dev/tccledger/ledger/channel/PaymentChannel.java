package dev.tccledger.ledger.channel;

import java.util.Optional;

/**
 * An outside payment channel (WeChat Pay, Alipay, a bank, the simulator) as the ledger
 * uses it: every create is idempotent on the ledger's reference and answered before the
 * money has moved ({@code PROCESSING}); the outcome comes later, by a signed callback or
 * by {@link #query}. Nothing is settled on a timeout: a call that fails with
 * {@link ChannelCallFailure.Kind#OUTCOME_UNKNOWN} may have been executed, and only a
 * query or a callback tells.
 */
public interface PaymentChannel {

	/** The channel's name in account ids and URLs: {@code channel:<name>:<CUR>}. */
	String name();

	/** A payment the customer makes to us (a recharge). */
	ChannelAnswer createPayment(String reference, long amount, String currency) throws ChannelCallFailure;

	/** A payout from us to an outside wallet or card (a withdrawal). */
	ChannelAnswer createPayout(String reference, long amount, String currency, String destination)
			throws ChannelCallFailure;

	/** Money of an earlier payment given back to the payer. */
	ChannelAnswer createRefund(String reference, String paymentReference, long amount, String currency)
			throws ChannelCallFailure;

	/**
	 * The channel's truth about one operation; empty when the channel does not know the
	 * reference (it never received the create).
	 */
	Optional<ChannelAnswer> query(ChannelOperation operation, String reference) throws ChannelCallFailure;

	/** The clearing account of this channel for a currency. */
	default String clearingAccount(String currency) {
		return "channel:" + name() + ":" + currency;
	}

}
