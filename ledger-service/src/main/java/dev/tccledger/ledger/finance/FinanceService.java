package dev.tccledger.ledger.finance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import dev.tccledger.ledger.Ids;
import dev.tccledger.ledger.infra.Times;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What finance reads: money per currency, and proof that the books balance.
 */
@Service
public class FinanceService {

	/** How many offending rows a failed check names. */
	private static final int EXAMPLES = 10;

	private final FinanceMapper finance;

	private final TransactionTemplate snapshot;

	FinanceService(FinanceMapper finance, PlatformTransactionManager transactionManager) {
		this.finance = finance;
		// All checks read one snapshot, so money moving during the run cannot look like a
		// break.
		this.snapshot = new TransactionTemplate(transactionManager);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	public record OpenFreezes(long count, long amount, long oldestAgeSeconds) {
	}

	public record Amounts(long count, long amount) {
	}

	/**
	 * Money at a channel whose word has not come: recharges not yet credited, withdrawals
	 * whose amount is held in frozen (at the channel or with a person), and how many wait
	 * for a person. Recharge refunds are held like withdrawals.
	 */
	public record InFlight(Amounts recharges, Amounts withdrawals, Amounts refunds, long needsAttention) {
	}

	public record Summary(String currency, long accounts, long available, long frozen, long total,
			OpenFreezes openFreezes, InFlight inFlight) {
	}

	public record Check(String name, boolean ok, String detail) {
	}

	public record Reconciliation(boolean ok, Instant checkedAt, List<Check> checks) {
	}

	public Summary summary(String currency) {
		Ids.requireCurrency(currency);
		return this.snapshot.execute((status) -> {
			FinanceMapper.Totals totals = this.finance.totals(currency);
			FinanceMapper.OpenFreezes open = this.finance.openFreezes(currency);
			FinanceMapper.WithdrawalsInFlight withdrawals = this.finance.withdrawalsInFlight(currency);
			FinanceMapper.WithdrawalsInFlight refunds = this.finance.refundsInFlight(currency);
			FinanceMapper.Pending recharges = this.finance.pendingRecharges(currency);
			long age = (open.oldest() != null) ? Math.max(0, ageSeconds(open.oldest())) : 0;
			return new Summary(currency, totals.accounts(), totals.available(), totals.frozen(),
					Math.addExact(totals.available(), totals.frozen()),
					new OpenFreezes(open.count(), open.amount(), age),
					new InFlight(new Amounts(recharges.count(), recharges.amount()),
							new Amounts(withdrawals.count(), withdrawals.amount()),
							new Amounts(refunds.count(), refunds.amount()),
							withdrawals.needsAttention() + refunds.needsAttention()));
		});
	}

	public Reconciliation reconcile() {
		return this.snapshot.execute((status) -> {
			List<Check> checks = new ArrayList<>();
			checks
				.add(check("non_negative", "customer and merchant balances are >= 0", this.finance::negativeBalances));
			checks.add(check("frozen_matches_freezes",
					"each account's frozen equals its TRIED freezes, unsettled withdrawals and refunds",
					this.finance::frozenVersusFreezes));
			checks.add(check("conservation", "each currency's totals sum to 0 with system accounts",
					this.finance::unbalancedCurrencies));
			checks.add(check("journal_matches_balances", "each balance equals the sum of its journal lines",
					this.finance::journalVersusBalances));
			checks.add(check("journal_balanced", "each journal transaction sums to 0",
					this.finance::unbalancedJournalTxs));
			checks
				.add(check("channel_operations_posted", ChannelBooks.rule(), this.finance::unpostedChannelOperations));
			checks.add(refundsWithinCaptured());
			boolean ok = checks.stream().allMatch(Check::ok);
			return new Reconciliation(ok, Instant.now(), checks);
		});
	}

	/** I8, the ledger's half: the order's half is order-service's (the auditor). */
	private Check refundsWithinCaptured() {
		return check("refunds_within_captured",
				"per order and paying account, live refunds equal their claim on the captured payment, within it",
				this.finance::refundsBeyondCaptured);
	}

	private static Check check(String name, String rule, IntFunction<List<FinanceMapper.Violation>> query) {
		List<FinanceMapper.Violation> violations = query.apply(EXAMPLES);
		if (violations.isEmpty()) {
			return new Check(name, true, rule + ": ok");
		}
		StringBuilder detail = new StringBuilder(rule).append(": broken at");
		for (FinanceMapper.Violation v : violations) {
			detail.append(' ')
				.append(v.subject())
				.append(" (is ")
				.append(v.actual())
				.append(", expected ")
				.append(v.expected())
				.append(')');
		}
		if (violations.size() == EXAMPLES) {
			detail.append(" and possibly more");
		}
		return new Check(name, false, detail.toString());
	}

	private static long ageSeconds(LocalDateTime createdAtUtc) {
		return Duration.between(createdAtUtc.toInstant(ZoneOffset.UTC), Times.nowUtc().toInstant(ZoneOffset.UTC))
			.toSeconds();
	}

}
