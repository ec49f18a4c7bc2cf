package dev.tccledger.ledger.withdrawal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelNotification;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;

import org.springframework.stereotype.Component;

/**
 * Settles withdrawals from the channel's verified PAYOUT callbacks. A callback that does
 * not match the withdrawal it names (unknown number, another channel, amount or currency)
 * changes nothing.
 */
@Component
class PayoutEvents implements ChannelEventHandler {

	private static final Logger log = LoggerFactory.getLogger(PayoutEvents.class);

	private final WithdrawalService withdrawals;

	private final WithdrawalMapper rows;

	PayoutEvents(WithdrawalService withdrawals, WithdrawalMapper rows) {
		this.withdrawals = withdrawals;
		this.rows = rows;
	}

	@Override
	public ChannelOperation operation() {
		return ChannelOperation.PAYOUT;
	}

	@Override
	public HandlingResult handle(ChannelNotification notification) {
		ChannelAnswer answer = notification.answer();
		Withdrawal withdrawal = (answer.reference() != null) ? this.rows.find(answer.reference()) : null;
		if (withdrawal == null || !withdrawal.channel().equals(notification.channel())) {
			log.warn("payout callback {} from {} names no withdrawal of ours: {}", notification.eventId(),
					notification.channel(), answer.reference());
			return HandlingResult.REJECTED;
		}
		if (!matches(withdrawal, answer)) {
			log.warn("payout callback {} for withdrawal {} says {} {}, the withdrawal is {} {}: nothing changed",
					notification.eventId(), withdrawal.withdrawalNo(), answer.amount(), answer.currency(),
					withdrawal.amount(), withdrawal.currency());
			return HandlingResult.REJECTED;
		}
		if (!answer.status().isFinal()) {
			return HandlingResult.NOT_FINAL;
		}
		WithdrawalService.Applied applied = this.withdrawals.settle(withdrawal.withdrawalNo(), eventOf(answer),
				reasonOf(answer), answer.channelTxId(), WithdrawalService.BY_CALLBACK,
				WithdrawalService.CHANNEL_CALLBACK);
		return switch (applied.transition().verdict()) {
			case APPLIED -> HandlingResult.SETTLED;
			case ALREADY -> HandlingResult.ALREADY_SETTLED;
			case CONTRADICTS, REFUSED -> HandlingResult.REJECTED;
			case IGNORED -> HandlingResult.NOT_FINAL;
		};
	}

	static boolean matches(Withdrawal withdrawal, ChannelAnswer answer) {
		return answer.amount() == withdrawal.amount() && withdrawal.currency().equals(answer.currency());
	}

	/** The channel's final word as an event of the state table. */
	static WithdrawalEvent eventOf(ChannelAnswer answer) {
		return (answer.status() == ChannelStatus.SUCCEEDED) ? WithdrawalEvent.CHANNEL_SUCCEEDED
				: WithdrawalEvent.CHANNEL_FAILED;
	}

	static String reasonOf(ChannelAnswer answer) {
		if (answer.status() == ChannelStatus.SUCCEEDED) {
			return null;
		}
		return (answer.reason() != null) ? answer.reason() : answer.status().name();
	}

}
