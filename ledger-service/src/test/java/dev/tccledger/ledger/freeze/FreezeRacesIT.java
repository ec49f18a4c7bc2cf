package dev.tccledger.ledger.freeze;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.support.LedgerITBase;

import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races the unique keys must settle: the same branch's try and cancel at the same moment,
 * many confirms of one freeze, many tries against one account.
 */
class FreezeRacesIT extends LedgerITBase {

	private static final AtomicLong BRANCHES = new AtomicLong(500_000);

	@AfterEach
	void booksBalance() {
		assertBooksBalance();
	}

	/**
	 * Both orderings must be seen: a run where every round went one way would prove
	 * nothing about the other.
	 */
	@Test
	void tryAgainstCancelOnTheSameBranchEndsOneWayOrTheOtherNeverBoth() throws Exception {
		Account alice = customerWithAvailable("CNY", 1_000_000);
		Account shop = merchant("CNY");
		int tryFirst = 0;
		int cancelFirst = 0;
		for (int round = 0; round < 100; round++) {
			String xid = unique("race-xid");
			long branch = BRANCHES.incrementAndGet();
			FreezeRequest request = new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 100);
			List<Object> results = runTogether(List.<Callable<Object>>of(() -> {
				try {
					return this.freezes.tryFreeze(xid, branch, request, ORDER_SERVICE).outcome();
				}
				catch (LedgerException refused) {
					return refused.error();
				}
			}, () -> this.freezes.cancel(xid, branch, request)));
			Object tryResult = results.get(0);
			Object cancelResult = results.get(1);
			if (tryResult == Outcome.FROZEN) {
				assertThat(cancelResult).as("round %d", round).isEqualTo(Outcome.RELEASED);
				tryFirst++;
			}
			else {
				assertThat(tryResult).as("round %d", round).isEqualTo(LedgerError.BRANCH_ALREADY_CANCELLED);
				assertThat(cancelResult).as("round %d", round).isEqualTo(Outcome.EMPTY_ROLLBACK);
				cancelFirst++;
			}
			assertThat(freezeRow(xid, branch).get("status")).isEqualTo("CANCELLED");
			// released after a try: exactly a FREEZE and a RELEASE; refused: nothing at
			// all
			assertThat(journalTxCount(xid, branch)).isEqualTo((tryResult == Outcome.FROZEN) ? 2 : 0);
		}
		assertThat(tryFirst).as("rounds the try won (cancel-first: %d)", cancelFirst).isPositive();
		assertThat(cancelFirst).as("rounds the cancel won (try-first: %d)", tryFirst).isPositive();
		Account after = account(alice.getAccountId());
		assertThat(after.getAvailable()).isEqualTo(1_000_000);
		assertThat(after.getFrozen()).isZero();
	}

	@Test
	void fiftyConcurrentConfirmsCaptureOnce() throws Exception {
		Account alice = customerWithAvailable("CNY", 10_000);
		Account shop = merchant("CNY");
		String xid = unique("confirm-xid");
		long branch = BRANCHES.incrementAndGet();
		this.freezes.tryFreeze(xid, branch,
				new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 2_500), ORDER_SERVICE);
		List<Outcome> outcomes = runConcurrently(50, () -> this.freezes.confirm(xid, branch));
		assertThat(outcomes).filteredOn((o) -> o == Outcome.CAPTURED).hasSize(1);
		assertThat(outcomes).filteredOn((o) -> o == Outcome.DUPLICATE_CONFIRM).hasSize(49);
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(7_500);
		assertThat(account(alice.getAccountId()).getFrozen()).isZero();
		assertThat(account(shop.getAccountId()).getAvailable()).isEqualTo(2_500);
		assertThat(journalTxCount(xid, branch)).isEqualTo(2);
	}

	@Test
	void fiveHundredTriesAgainstFundsForOneHundredSucceedExactlyOneHundredTimes() throws Exception {
		Account alice = customerWithAvailable("CNY", 100 * 7);
		Account shop = merchant("CNY");
		String xid = unique("many-xid");
		List<Object> results = runConcurrently(500, () -> {
			long branch = BRANCHES.incrementAndGet();
			try {
				return this.freezes
					.tryFreeze(xid, branch,
							new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 7), ORDER_SERVICE)
					.outcome();
			}
			catch (LedgerException refused) {
				return refused.error();
			}
		});
		assertThat(results).filteredOn((r) -> r == Outcome.FROZEN).hasSize(100);
		assertThat(results).filteredOn((r) -> r == LedgerError.INSUFFICIENT_FUNDS).hasSize(400);
		Account after = account(alice.getAccountId());
		assertThat(after.getAvailable()).isZero();
		assertThat(after.getFrozen()).isEqualTo(700);
		Long triedSum = this.jdbc.queryForObject(
				"SELECT SUM(amount) FROM freeze WHERE account_id = ? AND status = 'TRIED'", Long.class,
				alice.getAccountId());
		assertThat(triedSum).isEqualTo(after.getFrozen());
	}

	static <T> List<T> runConcurrently(int calls, Callable<T> call) throws Exception {
		return runTogether(Collections.nCopies(calls, call));
	}

	/**
	 * Runs every call on a thread of its own, all released at once by one barrier, and
	 * returns their results in order. A racer that is not released with the others (the
	 * barrier broke or timed out) fails the test, as does one that does not finish.
	 */
	private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
		int racers = calls.size();
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		try {
			CyclicBarrier start = new CyclicBarrier(racers);
			AtomicInteger released = new AtomicInteger();
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> call : calls) {
				futures.add(pool.submit(() -> {
					start.await(30, TimeUnit.SECONDS);
					released.incrementAndGet();
					return call.call();
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				try {
					results.add(future.get(120, TimeUnit.SECONDS));
				}
				catch (ExecutionException failed) {
					if (failed.getCause() instanceof BrokenBarrierException
							|| failed.getCause() instanceof TimeoutException) {
						throw new AssertionError("a racer was not released with the others (" + released.get() + " of "
								+ racers + " started together)", failed.getCause());
					}
					throw failed;
				}
			}
			assertThat(released).as("racers started together").hasValue(racers);
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
