package dev.tccledger.ledger.freeze;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.support.LedgerITBase;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every cell of the TCC state table through the real FreezeService on MariaDB, asserting
 * balances, the freeze row, journal transactions and anomaly rows.
 */
class FreezeStateTableIT extends LedgerITBase {

	private static final AtomicLong BRANCHES = new AtomicLong(1_000);

	@Autowired
	AnomalyService anomalies;

	@Autowired
	MeterRegistry meters;

	Account alice;

	Account shop;

	String xid;

	long branch;

	@BeforeEach
	void setUp() {
		this.alice = customerWithAvailable("CNY", 10_000);
		this.shop = merchant("CNY");
		this.xid = unique("127.0.0.1:8091:xid");
		this.branch = BRANCHES.incrementAndGet();
	}

	@AfterEach
	void booksBalance() {
		assertBooksBalance();
	}

	FreezeRequest pay(long amount) {
		return new FreezeRequest(unique("order"), this.alice.getAccountId(), this.shop.getAccountId(), amount);
	}

	void assertBalances(long aliceAvailable, long aliceFrozen, long shopAvailable) {
		Account a = account(this.alice.getAccountId());
		Account s = account(this.shop.getAccountId());
		assertThat(a.getAvailable()).as("alice available").isEqualTo(aliceAvailable);
		assertThat(a.getFrozen()).as("alice frozen").isEqualTo(aliceFrozen);
		assertThat(s.getAvailable()).as("shop available").isEqualTo(shopAvailable);
		assertThat(s.getFrozen()).as("shop frozen").isZero();
	}

	String status() {
		Map<String, Object> row = freezeRow(this.xid, this.branch);
		return (row != null) ? (String) row.get("status") : null;
	}

	// --- try ---

	@Test
	void tryOnNoRowFreezesTheAmount() {
		FreezeService.TryResult result = this.freezes.tryFreeze(this.xid, this.branch, pay(2_500), ORDER_SERVICE);
		assertThat(result.outcome()).isEqualTo(Outcome.FROZEN);
		assertThat(result.freeze().getFreezeId()).isNotNull();
		assertThat(status()).isEqualTo("TRIED");
		assertBalances(7_500, 2_500, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(1);
	}

	@Test
	void tryWithoutEnoughFundsWritesNothing() {
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, pay(10_001), ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS));
		assertThat(status()).isNull();
		assertThat(journalTxCount(this.xid, this.branch)).isZero();
		assertBalances(10_000, 0, 0);
	}

	@Test
	void tryOnTriedIsIdempotent() {
		FreezeRequest request = pay(2_500);
		long first = this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE).freeze().getFreezeId();
		FreezeService.TryResult again = this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		assertThat(again.outcome()).isEqualTo(Outcome.TRY_REPLAYED);
		assertThat(again.freeze().getFreezeId()).isEqualTo(first);
		assertBalances(7_500, 2_500, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(1);
	}

	@Test
	void tryOnConfirmedIsRefused() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		this.freezes.confirm(this.xid, this.branch);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.BRANCH_ALREADY_CONFIRMED));
		assertBalances(7_500, 0, 2_500);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(2);
	}

	@Test
	void tryAfterItsCancelIsRefusedAsSuspension() {
		FreezeRequest request = pay(2_500);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.EMPTY_ROLLBACK);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.BRANCH_ALREADY_CANCELLED));
		assertThat(status()).isEqualTo("CANCELLED");
		assertThat(anomalyOccurrences("SUSPENSION_REJECTED", this.xid, this.branch)).isEqualTo(1);
		assertBalances(10_000, 0, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isZero();
	}

	// --- confirm ---

	@Test
	void confirmWithoutTryInventsNoMoneyAndIsEscalated() {
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
		assertThat(status()).isNull();
		assertThat(anomalyOccurrences("CONFIRM_WITHOUT_TRY", this.xid, this.branch)).isEqualTo(2);
		assertBalances(10_000, 0, 0);
	}

	@Test
	void confirmOnTriedCapturesIntoThePayee() {
		this.freezes.tryFreeze(this.xid, this.branch, pay(2_500), ORDER_SERVICE);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CAPTURED);
		assertThat(status()).isEqualTo("CONFIRMED");
		assertBalances(7_500, 0, 2_500);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(2);
	}

	@Test
	void duplicateConfirmSucceedsAndMovesNothing() {
		this.freezes.tryFreeze(this.xid, this.branch, pay(2_500), ORDER_SERVICE);
		this.freezes.confirm(this.xid, this.branch);
		double before = counter("confirm", "duplicate_confirm");
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.DUPLICATE_CONFIRM);
		assertThat(this.freezes.confirm(this.xid, this.branch).succeeded()).isTrue();
		assertBalances(7_500, 0, 2_500);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(2);
		assertThat(anomalyOccurrences("DUPLICATE_CONFIRM", this.xid, this.branch)).isEqualTo(2);
		assertThat(counter("confirm", "duplicate_confirm") - before).isEqualTo(2.0);
	}

	@Test
	void confirmAfterCancelFailsUntilAPersonResolvesIt() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.RELEASED);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CONFIRM_AFTER_CANCEL);
		assertBalances(10_000, 0, 0);

		long anomalyId = this.anomalies.list(AnomalyKind.CONFIRM_AFTER_CANCEL, true, 500)
			.stream()
			.filter((a) -> a.xid().equals(this.xid))
			.findFirst()
			.orElseThrow()
			.anomalyId();
		var resolved = this.anomalies.resolve(anomalyId, FINANCE_OPERATOR, "order was refunded by hand, ticket 42");
		assertThat(resolved.resolvedBy()).isEqualTo(FINANCE_OPERATOR.name());
		assertThat(resolved.resolvedAt()).isNotNull();
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CONFLICT_RESOLVED);
		assertThatThrownBy(() -> this.anomalies.resolve(anomalyId, Actor.of("someone"), "again"))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.ANOMALY_ALREADY_RESOLVED));
		assertBalances(10_000, 0, 0);
	}

	// --- cancel ---

	@Test
	void cancelWithoutTryLeavesAMarker() {
		assertThat(this.freezes.cancel(this.xid, this.branch, pay(2_500))).isEqualTo(Outcome.EMPTY_ROLLBACK);
		assertThat(status()).isEqualTo("CANCELLED");
		assertThat(anomalyOccurrences("EMPTY_ROLLBACK", this.xid, this.branch)).isEqualTo(1);
		assertBalances(10_000, 0, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isZero();
	}

	@Test
	void cancelWithoutContextStillLeavesAMarker() {
		assertThat(this.freezes.cancel(this.xid, this.branch, null)).isEqualTo(Outcome.EMPTY_ROLLBACK);
		assertThat(status()).isEqualTo("CANCELLED");
	}

	@Test
	void cancelOnTriedReleases() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.RELEASED);
		assertThat(status()).isEqualTo("CANCELLED");
		assertBalances(10_000, 0, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(2);
	}

	@Test
	void cancelAfterConfirmNeverUncaptures() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		this.freezes.confirm(this.xid, this.branch);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.CANCEL_AFTER_CONFIRM);
		assertThat(status()).isEqualTo("CONFIRMED");
		assertThat(anomalyOccurrences("CANCEL_AFTER_CONFIRM", this.xid, this.branch)).isEqualTo(1);
		assertBalances(7_500, 0, 2_500);
	}

	@Test
	void duplicateCancelSucceedsAndMovesNothing() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		this.freezes.cancel(this.xid, this.branch, request);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.DUPLICATE_CANCEL);
		assertThat(anomalyOccurrences("DUPLICATE_CANCEL", this.xid, this.branch)).isEqualTo(1);
		assertBalances(10_000, 0, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(2);
	}

	// --- resent tries and business idempotency ---

	@Test
	void aTryResentWithANewBranchAnswersTheFirstFreezeAndItsBranchMovesNothing() {
		FreezeRequest request = pay(2_500);
		long first = this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE).freeze().getFreezeId();
		long resentBranch = BRANCHES.incrementAndGet();
		FreezeService.TryResult resent = this.freezes.tryFreeze(this.xid, resentBranch, request, ORDER_SERVICE);
		assertThat(resent.outcome()).isEqualTo(Outcome.RESENT_TRY);
		assertThat(resent.freeze().getFreezeId()).isEqualTo(first);
		assertThat(freezeRow(this.xid, resentBranch).get("status")).isEqualTo("DUPLICATE");
		assertBalances(7_500, 2_500, 0);

		assertThat(this.freezes.confirm(this.xid, resentBranch)).isEqualTo(Outcome.DUPLICATE_BRANCH_SETTLED);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CAPTURED);
		assertBalances(7_500, 0, 2_500);
	}

	@Test
	void tryOnDuplicateAnswersTheFirstFreezeAgainAndMovesNothing() {
		FreezeRequest request = pay(2_500);
		long first = this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE).freeze().getFreezeId();
		long resentBranch = BRANCHES.incrementAndGet();
		this.freezes.tryFreeze(this.xid, resentBranch, request, ORDER_SERVICE);
		double before = counter("try", "resent_try");

		FreezeService.TryResult again = this.freezes.tryFreeze(this.xid, resentBranch, request, ORDER_SERVICE);

		assertThat(again.outcome()).isEqualTo(Outcome.RESENT_TRY);
		assertThat(again.freeze().getFreezeId()).isEqualTo(first);
		assertThat(again.freeze().getStatus()).isEqualTo(FreezeStatus.TRIED);
		assertThat(freezeRow(this.xid, resentBranch).get("status")).isEqualTo("DUPLICATE");
		assertThat(status()).isEqualTo("TRIED");
		assertThat(counter("try", "resent_try") - before).isEqualTo(1.0);
		assertBalances(7_500, 2_500, 0);
		assertThat(journalTxCount(this.xid, this.branch)).isEqualTo(1);
		assertThat(journalTxCount(this.xid, resentBranch)).isZero();
	}

	@Test
	void cancelOnDuplicateSucceedsAndLeavesTheFirstFreezeAlone() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		long resentBranch = BRANCHES.incrementAndGet();
		this.freezes.tryFreeze(this.xid, resentBranch, request, ORDER_SERVICE);

		assertThat(this.freezes.cancel(this.xid, resentBranch, request)).isEqualTo(Outcome.DUPLICATE_BRANCH_SETTLED);

		assertThat(freezeRow(this.xid, resentBranch).get("status")).isEqualTo("DUPLICATE");
		assertThat(status()).isEqualTo("TRIED");
		assertBalances(7_500, 2_500, 0);
		assertThat(journalTxCount(this.xid, resentBranch)).isZero();
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.RELEASED);
		assertBalances(10_000, 0, 0);
	}

	@Test
	void aResentTryAskingForAnotherAmountIsAConflict() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		FreezeRequest other = new FreezeRequest(request.orderNo(), request.accountId(), request.payeeAccountId(), 99);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, BRANCHES.incrementAndGet(), other, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT));
		assertBalances(7_500, 2_500, 0);
	}

	@Test
	void theSameOrderFromAnotherGlobalTransactionIsADuplicatePaymentUntilReleased() {
		FreezeRequest request = pay(2_500);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		String otherXid = unique("127.0.0.1:8091:xid");
		long otherBranch = BRANCHES.incrementAndGet();
		assertThatThrownBy(() -> this.freezes.tryFreeze(otherXid, otherBranch, request, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.DUPLICATE_PAYMENT));
		assertThat(freezeRow(otherXid, otherBranch)).isNull();
		assertBalances(7_500, 2_500, 0);

		this.freezes.cancel(this.xid, this.branch, request);
		assertThat(this.freezes.tryFreeze(otherXid, otherBranch, request, ORDER_SERVICE).outcome())
			.isEqualTo(Outcome.FROZEN);
		this.freezes.confirm(otherXid, otherBranch);
		assertBalances(7_500, 0, 2_500);
	}

	@Test
	void refusalsForBadAccountsComeBeforeAnyWrite() {
		Account dollars = customerWithAvailable("USD", 100);
		var mismatch = new FreezeRequest(unique("o"), dollars.getAccountId(), this.shop.getAccountId(), 10);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, mismatch, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.CURRENCY_MISMATCH));
		var unknown = new FreezeRequest(unique("o"), "nobody", this.shop.getAccountId(), 10);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, unknown, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.ACCOUNT_NOT_FOUND));
		assertThat(status()).isNull();
	}

	double counter(String phase, String outcome) {
		var counter = this.meters.find("ledger.tcc").tag("phase", phase).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
