package dev.tccledger.ledger.finance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.channel.ChannelAnswer;
import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelNotification;
import dev.tccledger.ledger.channel.ChannelOperation;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.recharge.RechargeService;
import dev.tccledger.ledger.withdrawal.WithdrawalService;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recharges and withdrawals at the channel {@code sim}, made through the ledger's real
 * services and settled by the channel's callback as its verified notification reaches the
 * ledger. The ITs run with the channel unreachable, so nothing settles but what a test
 * calls back.
 */
final class ChannelOperationsFixture {

	private final RechargeService recharges;

	private final WithdrawalService withdrawals;

	private final List<ChannelEventHandler> handlers;

	/** A fresh customer with this much available. */
	private final LongFunction<Account> customer;

	ChannelOperationsFixture(RechargeService recharges, WithdrawalService withdrawals,
			List<ChannelEventHandler> handlers, LongFunction<Account> customer) {
		this.recharges = recharges;
		this.withdrawals = withdrawals;
		this.handlers = handlers;
		this.customer = customer;
	}

	/** A recharge settled with {@code outcome}, or left PENDING (null). */
	String recharge(long amount, ChannelStatus outcome) {
		String no = "r-" + UUID.randomUUID().toString().substring(0, 8);
		this.recharges.create(no, this.customer.apply(0).getAccountId(), amount, FINANCE_OPERATOR);
		if (outcome != null) {
			callback(ChannelOperation.PAYMENT, no, amount, outcome);
		}
		return no;
	}

	/**
	 * A withdrawal (its amount held) settled with {@code outcome}, or left PROCESSING.
	 */
	String withdrawal(long amount, ChannelStatus outcome) {
		String no = "w-" + UUID.randomUUID().toString().substring(0, 8);
		this.withdrawals.request(no, this.customer.apply(amount).getAccountId(), amount, "wallet:" + no,
				FINANCE_OPERATOR);
		if (outcome != null) {
			callback(ChannelOperation.PAYOUT, no, amount, outcome);
		}
		return no;
	}

	void callback(ChannelOperation operation, String reference, long amount, ChannelStatus status) {
		ChannelEventHandler handler = this.handlers.stream()
			.filter((h) -> h.operation() == operation)
			.findFirst()
			.orElseThrow();
		String reason = (status == ChannelStatus.FAILED || status == ChannelStatus.EXPIRED) ? "DECLINED" : null;
		assertThat(
				handler
					.handle(new ChannelNotification("sim", "evt-" + UUID.randomUUID(),
							new ChannelAnswer(operation, channelTxId(operation, reference), reference, amount, "CNY",
									status, reason, Instant.now()))))
			.isEqualTo(ChannelEventHandler.HandlingResult.SETTLED);
	}

	static String channelTxId(ChannelOperation operation, String reference) {
		return ((operation == ChannelOperation.PAYMENT) ? "pay_" : "po_") + reference;
	}

}
