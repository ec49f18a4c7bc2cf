package dev.tccledger.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The run's accounts, opened through the public API before any load: M funded payers, and
 * either K merchants chosen uniformly or one hot merchant every payment goes to. Every id
 * starts with the run id, so runs against the same system never collide.
 */
final class Accounts {

	private final List<String> payers;

	private final List<String> payees;

	private Accounts(List<String> payers, List<String> payees) {
		this.payers = payers;
		this.payees = payees;
	}

	static Accounts open(Options options, Api api) throws IOException, InterruptedException {
		List<String> payers = new ArrayList<>();
		for (int i = 1; i <= options.payers; i++) {
			payers.add(options.runId + "-payer-" + i);
		}
		List<String> payees = new ArrayList<>();
		if (options.hotPayee) {
			payees.add(options.runId + "-shop-hot");
		}
		else {
			for (int i = 1; i <= options.merchants; i++) {
				payees.add(options.runId + "-shop-" + i);
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Math.min(options.clients, 16)));
		try {
			List<Future<Void>> done = new ArrayList<>();
			for (String payer : payers) {
				done.add(pool.submit(() -> {
					api.createAccount(payer, "CUSTOMER");
					api.deposit(payer, options.depositMinor(), payer + "-funds");
					return null;
				}));
			}
			for (String payee : payees) {
				done.add(pool.submit(() -> {
					api.createAccount(payee, "MERCHANT");
					return null;
				}));
			}
			for (Future<Void> future : done) {
				try {
					future.get();
				}
				catch (ExecutionException ex) {
					throw new IOException("account set-up failed: " + ex.getCause().getMessage(), ex.getCause());
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		return new Accounts(List.copyOf(payers), List.copyOf(payees));
	}

	String payer(ThreadLocalRandom random) {
		return this.payers.get(random.nextInt(this.payers.size()));
	}

	String payee(ThreadLocalRandom random) {
		return this.payees.get(random.nextInt(this.payees.size()));
	}

	int payerCount() {
		return this.payers.size();
	}

	int payeeCount() {
		return this.payees.size();
	}

}
