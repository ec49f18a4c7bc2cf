package dev.tccledger.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * What every failure scenario ends with: wait, running both sentinels on demand, until no
 * freeze is TRIED and no order or refund PENDING; on timeout, log what is stuck before
 * failing.
 */
final class Recovery {

	private static final Logger log = LoggerFactory.getLogger(Recovery.class);

	private Recovery() {
	}

	static void awaitSettled(TestSystem system, Duration window) throws Exception {
		try {
			await("nothing TRIED, nothing PENDING").atMost(window).pollInterval(Duration.ofSeconds(1)).until(() -> {
				sweep(system);
				return count(system.ledgerDb(), "SELECT COUNT(*) FROM freeze WHERE status = 'TRIED'") == 0
						&& count(system.orderDb(), "SELECT COUNT(*) FROM orders WHERE status = 'PENDING'") == 0
						&& count(system.orderDb(), "SELECT COUNT(*) FROM refund WHERE status = 'PENDING'") == 0;
			});
		}
		catch (ConditionTimeoutException stuck) {
			log.error("still TRIED: {}", rows(system.ledgerDb(),
					"SELECT xid, branch_id, order_no, created_at FROM freeze WHERE status = 'TRIED'"));
			log.error("still PENDING: {}", rows(system.orderDb(),
					"SELECT order_no, xid, branch_id, reason, created_at FROM orders WHERE status = 'PENDING'"));
			log.error("refunds still PENDING: {}", rows(system.orderDb(),
					"SELECT refund_no, xid, branch_id, failure, created_at FROM refund WHERE status = 'PENDING'"));
			throw stuck;
		}
	}

	static void sweep(TestSystem system) {
		try {
			String operator = system.token(Tokens.Client.FINANCE_OPERATOR);
			Http.post(system.ledger("/api/v1/finance/sentinel/sweeps"), "", operator);
			Http.post(system.orders("/api/v1/recovery/sweeps"), "", operator);
		}
		catch (RuntimeException down) {
			// a service restarting: the next poll sweeps again
		}
	}

	/**
	 * Clients paying orders in a loop until stopped; each answer is counted by HTTP
	 * status.
	 */
	static final class Load implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService clients;

		private final List<Future<?>> futures = new ArrayList<>();

		final AtomicInteger placed = new AtomicInteger();

		final Map<Integer, AtomicInteger> byStatus = new java.util.concurrent.ConcurrentHashMap<>();

		/** Every order placed, with what its client was told. */
		final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

		final String prefix;

		Load(Ledger ledger, List<String> payers, String payee, int clientCount, String prefix) {
			this.prefix = prefix;
			this.clients = Executors.newFixedThreadPool(clientCount);
			for (int c = 0; c < clientCount; c++) {
				String payer = payers.get(c % payers.size());
				this.futures.add(this.clients.submit(() -> {
					int n = 0;
					while (this.running.get()) {
						String orderNo = Ledger.unique(prefix);
						long started = System.nanoTime();
						int status;
						String orderStatus = null;
						try {
							Http.Response answer = ledger
								.pay(Ledger.order(orderNo, payee, "CNY", payer, 100 + (n++ % 50)));
							status = answer.status();
							orderStatus = answer.text("status");
						}
						catch (RuntimeException cut) {
							status = -1;
						}
						this.outcomes.add(new Outcome(orderNo, status, orderStatus, started, System.nanoTime()));
						this.byStatus.computeIfAbsent(status, (k) -> new AtomicInteger()).incrementAndGet();
						this.placed.incrementAndGet();
						if (status < 0 || status >= 500) {
							pause();
						}
					}
				}));
			}
		}

		/** Orders placed at or after {@code nanos} that were answered 201 PAID. */
		long paidSince(long nanos) {
			return this.outcomes.stream().filter((o) -> o.started() >= nanos && o.paid()).count();
		}

		/** Orders answered 201 PAID before {@code nanos}. */
		List<String> paidBefore(long nanos) {
			return this.outcomes.stream()
				.filter((o) -> o.answered() < nanos && o.paid())
				.map(Outcome::orderNo)
				.toList();
		}

		@Override
		public void close() throws Exception {
			this.running.set(false);
			for (Future<?> f : this.futures) {
				f.get(5, TimeUnit.MINUTES);
			}
			this.clients.shutdown();
			log.info("load: {} orders, answers by HTTP status (-1: connection cut) {}", this.placed.get(),
					this.byStatus);
		}

	}

	/**
	 * One order of a load: its HTTP status (-1: connection cut), the status in the body,
	 * when it was sent and answered ({@link System#nanoTime()}).
	 */
	record Outcome(String orderNo, int status, String orderStatus, long started, long answered) {

		boolean paid() {
			return this.status == 201 && "PAID".equals(this.orderStatus);
		}

	}

	/**
	 * A client that hit a dead or failing service backs off a little, as a real one
	 * would.
	 */
	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static List<String> rows(Connection connection, String sql) throws Exception {
		try (connection) {
			return Auditor.rows(connection, sql);
		}
	}

	static long count(Connection connection, String sql) throws Exception {
		try (connection; var s = connection.createStatement(); var rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
