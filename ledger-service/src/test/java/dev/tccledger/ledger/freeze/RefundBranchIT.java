package dev.tccledger.ledger.freeze;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.support.LedgerITBase;

import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A refund branch is a freeze row of kind REFUND on the same table, the payment in
 * reverse: every guard of the state table holds for it, and the payment's
 * {@code refund_claimed} keeps refunded <= captured per order and paying account however
 * refunds race. Balances, rows, journal and claims are asserted after each call.
 */
class RefundBranchIT extends LedgerITBase {

	private static final AtomicLong BRANCHES = new AtomicLong(500_000);

	Account alice;

	Account shop;

	String order;

	String paymentXid;

	String xid;

	long branch;

	@BeforeEach
	void aliceHasPaidTheShop1000() {
		this.alice = customerWithAvailable("CNY", 10_000);
		this.shop = merchant("CNY");
		this.order = unique("order");
		this.paymentXid = unique("127.0.0.1:8091:pay");
		long paymentBranch = BRANCHES.incrementAndGet();
		this.freezes.tryFreeze(this.paymentXid, paymentBranch,
				new FreezeRequest(this.order, this.alice.getAccountId(), this.shop.getAccountId(), 1_000),
				ORDER_SERVICE);
		assertThat(this.freezes.confirm(this.paymentXid, paymentBranch)).isEqualTo(Outcome.CAPTURED);
		this.xid = unique("127.0.0.1:8091:refund");
		this.branch = BRANCHES.incrementAndGet();
	}

	@AfterEach
	void booksBalance() {
		assertBooksBalance();
	}

	FreezeRequest refund(long amount) {
		return FreezeRequest.refund(this.order, unique("rf"), this.shop.getAccountId(), this.alice.getAccountId(),
				amount);
	}

	void assertMoney(long aliceAvailable, long shopAvailable, long shopFrozen, long claimed) {
		assertThat(account(this.alice.getAccountId()).getAvailable()).as("alice available").isEqualTo(aliceAvailable);
		assertThat(account(this.alice.getAccountId()).getFrozen()).as("alice frozen").isZero();
		assertThat(account(this.shop.getAccountId()).getAvailable()).as("shop available").isEqualTo(shopAvailable);
		assertThat(account(this.shop.getAccountId()).getFrozen()).as("shop frozen").isEqualTo(shopFrozen);
		assertThat(claimed()).as("claimed of alice's payment").isEqualTo(claimed);
	}

	long claimed() {
		return this.jdbc.queryForObject("SELECT refund_claimed FROM freeze WHERE live_key = ?", Long.class,
				Freeze.liveKey(this.order, this.alice.getAccountId()));
	}

	String status() {
		var row = freezeRow(this.xid, this.branch);
		return (row != null) ? (String) row.get("status") : null;
	}

	List<String> journalKinds() {
		return this.jdbc.queryForList("SELECT kind FROM journal_tx WHERE xid = ? ORDER BY journal_tx_id", String.class,
				this.xid);
	}

	@Test
	void tryHoldsThePayeesMoneyAndConfirmGivesItBackToThePayer() {
		FreezeService.TryResult tried = this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE);
		assertThat(tried.outcome()).isEqualTo(Outcome.FROZEN);
		assertThat(tried.freeze().getKind()).isEqualTo(FreezeKind.REFUND);
		assertMoney(9_000, 600, 400, 400);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CAPTURED);
		assertMoney(9_400, 600, 0, 400);
		assertThat(journalKinds()).containsExactly("ORDER_REFUND_HOLD", "ORDER_REFUND_CAPTURE");
	}

	@Test
	void duplicateConfirmMovesNothingAndClaimsNothingMore() {
		this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE);
		this.freezes.confirm(this.xid, this.branch);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.DUPLICATE_CONFIRM);
		assertMoney(9_400, 600, 0, 400);
		assertThat(anomalyOccurrences("DUPLICATE_CONFIRM", this.xid, this.branch)).isEqualTo(1);
	}

	@Test
	void cancelReleasesAndReturnsTheClaimOnceHoweverOftenItComes() {
		FreezeRequest request = refund(400);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.RELEASED);
		assertMoney(9_000, 1_000, 0, 0);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.DUPLICATE_CANCEL);
		assertMoney(9_000, 1_000, 0, 0);
		assertThat(journalKinds()).containsExactly("ORDER_REFUND_HOLD", "ORDER_REFUND_RELEASE");
	}

	@Test
	void aCancelAfterTheConfirmNeverTakesTheRefundBackAndIsEscalated() {
		FreezeRequest request = refund(400);
		this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE);
		this.freezes.confirm(this.xid, this.branch);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.CANCEL_AFTER_CONFIRM);
		assertMoney(9_400, 600, 0, 400);
		assertThat(anomalyOccurrences("CANCEL_AFTER_CONFIRM", this.xid, this.branch)).isEqualTo(1);
	}

	@Test
	void aConfirmWithoutATryInventsNoRefund() {
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CONFIRM_WITHOUT_TRY);
		assertThat(status()).isNull();
		assertMoney(9_000, 1_000, 0, 0);
		assertThat(anomalyOccurrences("CONFIRM_WITHOUT_TRY", this.xid, this.branch)).isEqualTo(1);
	}

	@Test
	void anEmptyRollbackLeavesARefundMarkerAndTheLateTryIsSuspended() {
		FreezeRequest request = refund(400);
		assertThat(this.freezes.cancel(this.xid, this.branch, request)).isEqualTo(Outcome.EMPTY_ROLLBACK);
		assertThat(freezeRow(this.xid, this.branch)).containsEntry("kind", "REFUND")
			.containsEntry("refund_no", request.refundNo());
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.BRANCH_ALREADY_CANCELLED));
		assertThat(status()).isEqualTo("CANCELLED");
		assertThat(anomalyOccurrences("SUSPENSION_REJECTED", this.xid, this.branch)).isEqualTo(1);
		assertMoney(9_000, 1_000, 0, 0);
		assertThat(journalKinds()).isEmpty();
	}

	@Test
	void aResentTryIsADuplicateBranchThatClaimsAndMovesNothing() {
		FreezeRequest request = refund(400);
		long first = this.freezes.tryFreeze(this.xid, this.branch, request, ORDER_SERVICE).freeze().getFreezeId();
		long resent = BRANCHES.incrementAndGet();
		FreezeService.TryResult again = this.freezes.tryFreeze(this.xid, resent, request, ORDER_SERVICE);
		assertThat(again.outcome()).isEqualTo(Outcome.RESENT_TRY);
		assertThat(again.freeze().getFreezeId()).isEqualTo(first);
		assertThat(freezeRow(this.xid, resent)).containsEntry("status", "DUPLICATE").containsEntry("kind", "REFUND");
		assertThat(this.freezes.confirm(this.xid, resent)).isEqualTo(Outcome.DUPLICATE_BRANCH_SETTLED);
		assertThat(this.freezes.confirm(this.xid, this.branch)).isEqualTo(Outcome.CAPTURED);
		assertMoney(9_400, 600, 0, 400);
	}

	@Test
	void aRefundBeyondWhatWasPaidIsRefusedAndChangesNothing() {
		this.freezes.tryFreeze(unique("x"), BRANCHES.incrementAndGet(), refund(600), ORDER_SERVICE);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, refund(401), ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.REFUND_EXCEEDS_PAID));
		assertThat(status()).isNull();
		assertThat(journalKinds()).isEmpty();
		assertMoney(9_000, 400, 600, 600);
		// the last 400 still fits
		assertThat(this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE).outcome())
			.isEqualTo(Outcome.FROZEN);
		assertMoney(9_000, 0, 1_000, 1_000);
	}

	@Test
	void aRefundOfAPaymentNotCapturedOrFromAnotherPayeeIsOrderNotPaid() {
		Account bob = customerWithAvailable("CNY", 1_000);
		String unpaid = unique("order");
		this.freezes.tryFreeze(unique("x"), BRANCHES.incrementAndGet(),
				new FreezeRequest(unpaid, bob.getAccountId(), this.shop.getAccountId(), 500), ORDER_SERVICE);
		var notCaptured = FreezeRequest.refund(unpaid, unique("rf"), this.shop.getAccountId(), bob.getAccountId(), 1);
		Account otherShop = customerWithAvailable("CNY", 1_000);
		var wrongPayee = FreezeRequest.refund(this.order, unique("rf"), otherShop.getAccountId(),
				this.alice.getAccountId(), 1);
		for (FreezeRequest refused : List.of(notCaptured, wrongPayee)) {
			assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, refused, ORDER_SERVICE))
				.isInstanceOfSatisfying(LedgerException.class,
						(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.ORDER_NOT_PAID));
			assertThatThrownBy(() -> this.freezes.precheck(refused, null)).isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.ORDER_NOT_PAID));
		}
		assertThat(status()).isNull();
		assertMoney(9_000, 1_000, 0, 0);
	}

	@Test
	void aPayeeThatNoLongerHasTheMoneyIsInsufficientFundsAndTheClaimIsRolledBack() {
		// the shop's 1000 is frozen for a payment of its own
		Account supplier = merchant("CNY");
		this.freezes.tryFreeze(unique("x"), BRANCHES.incrementAndGet(),
				new FreezeRequest(unique("order"), this.shop.getAccountId(), supplier.getAccountId(), 1_000),
				ORDER_SERVICE);
		assertThatThrownBy(() -> this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS));
		assertThat(status()).isNull();
		assertMoney(9_000, 0, 1_000, 0);
	}

	@Test
	void theSentinelsReleaseOfARefundReturnsItsClaim() {
		this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE);
		Freeze tried = this.freezes.listByOrder(this.order)
			.stream()
			.filter((f) -> f.getKind() == FreezeKind.REFUND)
			.findFirst()
			.orElseThrow();
		assertThat(this.freezes.releaseBySentinel(tried, "Finished")).isTrue();
		assertMoney(9_000, 1_000, 0, 0);
	}

	@Test
	void reconciliationNamesAClaimThatDisagreesWithItsRefunds() {
		this.freezes.tryFreeze(this.xid, this.branch, refund(400), ORDER_SERVICE);
		String payment = Freeze.liveKey(this.order, this.alice.getAccountId());
		this.jdbc.update("UPDATE freeze SET refund_claimed = 300 WHERE live_key = ?", payment);
		var check = this.finance.reconcile()
			.checks()
			.stream()
			.filter((c) -> c.name().equals("refunds_within_captured"))
			.findFirst()
			.orElseThrow();
		assertThat(check.ok()).isFalse();
		assertThat(check.detail()).contains(payment + " (is 400, expected 300)");
		this.jdbc.update("UPDATE freeze SET refund_claimed = 400 WHERE live_key = ?", payment);
	}

	/**
	 * 50 refunds of 1 against 10 refundable, each its own refund and global transaction,
	 * all at once: the claim's conditional update lets exactly 10 through.
	 */
	@Test
	void fiftyConcurrentRefundsOfOneAgainstTenRefundableSucceedExactlyTenTimes() throws Exception {
		Account bob = customerWithAvailable("CNY", 100);
		String small = unique("order");
		String payXid = unique("x");
		long payBranch = BRANCHES.incrementAndGet();
		this.freezes.tryFreeze(payXid, payBranch,
				new FreezeRequest(small, bob.getAccountId(), this.shop.getAccountId(), 10), ORDER_SERVICE);
		this.freezes.confirm(payXid, payBranch);
		record Tried(String xid, long branch, Object result) {
		}
		List<Tried> results = FreezeRacesIT.runConcurrently(50, () -> {
			String refundXid = unique("race");
			long refundBranch = BRANCHES.incrementAndGet();
			try {
				return new Tried(refundXid, refundBranch,
						this.freezes
							.tryFreeze(refundXid, refundBranch,
									FreezeRequest.refund(small, unique("rf"), this.shop.getAccountId(),
											bob.getAccountId(), 1),
									ORDER_SERVICE)
							.outcome());
			}
			catch (LedgerException refused) {
				return new Tried(refundXid, refundBranch, refused.error());
			}
		});
		assertThat(results).filteredOn((t) -> t.result() == Outcome.FROZEN).hasSize(10);
		assertThat(results).filteredOn((t) -> t.result() == LedgerError.REFUND_EXCEEDS_PAID).hasSize(40);
		results.stream()
			.filter((t) -> t.result() == Outcome.FROZEN)
			.forEach((t) -> assertThat(this.freezes.confirm(t.xid(), t.branch())).isEqualTo(Outcome.CAPTURED));
		assertThat(account(bob.getAccountId()).getAvailable()).isEqualTo(100);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM freeze WHERE order_no = ? AND kind = 'REFUND'",
				Integer.class, small))
			.as("refused refunds leave no row")
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT refund_claimed FROM freeze WHERE live_key = ?", Long.class,
				Freeze.liveKey(small, bob.getAccountId())))
			.isEqualTo(10);
		assertMoney(9_000, 1_000, 0, 0);
	}

}
