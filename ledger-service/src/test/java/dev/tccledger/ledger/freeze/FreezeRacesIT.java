package dev.tccledger.ledger.freeze;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.support.LedgerITBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races the unique keys must settle: the same branch's try and cancel at the same moment,
 * many confirms of one freeze, many tries against one account.
 */
class FreezeRacesIT extends LedgerITBase {

	private static final AtomicLong BRANCHES = new AtomicLong(500_000);

	static ExecutorService pool;

	@BeforeAll
	static void startPool() {
		pool = Executors.newFixedThreadPool(32);
	}

	@AfterAll
	static void stopPool() {
		pool.shutdownNow();
	}

	@AfterEach
	void booksBalance() {
		assertBooksBalance();
	}

	@Test
	void tryAgainstCancelOnTheSameBranchEndsOneWayOrTheOtherNeverBoth() throws Exception {
		Account alice = customerWithAvailable("CNY", 1_000_000);
		Account shop = merchant("CNY");
		int releasedAfterTry = 0;
		int refusedAfterEmptyRollback = 0;
		for (int round = 0; round < 100; round++) {
			String xid = unique("race-xid");
			long branch = BRANCHES.incrementAndGet();
			FreezeRequest request = new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 100);
			CyclicBarrier start = new CyclicBarrier(2);
			Future<Object> tried = pool.submit(() -> {
				start.await();
				try {
					return this.freezes.tryFreeze(xid, branch, request).outcome();
				}
				catch (LedgerException refused) {
					return refused.error();
				}
			});
			Future<Outcome> cancelled = pool.submit(() -> {
				start.await();
				return this.freezes.cancel(xid, branch, request);
			});
			Object tryResult = tried.get(30, TimeUnit.SECONDS);
			Outcome cancelResult = cancelled.get(30, TimeUnit.SECONDS);
			if (tryResult == Outcome.FROZEN) {
				assertThat(cancelResult).as("round %d", round).isEqualTo(Outcome.RELEASED);
				releasedAfterTry++;
			}
			else {
				assertThat(tryResult).as("round %d", round).isEqualTo(LedgerError.BRANCH_ALREADY_CANCELLED);
				assertThat(cancelResult).as("round %d", round).isEqualTo(Outcome.EMPTY_ROLLBACK);
				refusedAfterEmptyRollback++;
			}
			assertThat(freezeRow(xid, branch).get("status")).isEqualTo("CANCELLED");
			// released after a try: exactly a FREEZE and a RELEASE; refused: nothing at
			// all
			assertThat(journalTxCount(xid, branch)).isEqualTo((tryResult == Outcome.FROZEN) ? 2 : 0);
		}
		assertThat(releasedAfterTry + refusedAfterEmptyRollback).isEqualTo(100);
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
				new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 2_500));
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
							new FreezeRequest(unique("o"), alice.getAccountId(), shop.getAccountId(), 7))
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

	private static <T> List<T> runConcurrently(int calls, Callable<T> call) throws Exception {
		CyclicBarrier start = new CyclicBarrier(Math.min(calls, 32));
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			futures.add(pool.submit(() -> {
				if (start.getNumberWaiting() >= 0 && !start.isBroken()) {
					try {
						start.await(5, TimeUnit.SECONDS);
					}
					catch (Exception ignored) {
						// later calls than the first wave start as soon as a thread is
						// free
					}
				}
				return call.call();
			}));
		}
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(120, TimeUnit.SECONDS));
		}
		return results;
	}

}
