package dev.tccledger.ledger.infra;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one local ledger transaction at READ COMMITTED, and runs it again when the
 * database chose it as a deadlock victim or it timed out waiting for a lock: such a
 * failure says nothing about the request, so it must never reach the caller as an answer.
 */
@Component
public class TxRunner {

	private static final Logger log = LoggerFactory.getLogger(TxRunner.class);

	static final int MAX_ATTEMPTS = 8;

	private final TransactionTemplate template;

	private final Counter retries;

	public TxRunner(PlatformTransactionManager transactionManager, MeterRegistry meters) {
		this.template = new TransactionTemplate(transactionManager);
		this.template.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.retries = Counter.builder("ledger.tx.retries")
			.description("local transactions run again after a deadlock or lock-wait timeout")
			.register(meters);
	}

	public <T> T inTransaction(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.template.execute((status) -> work.get());
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt >= MAX_ATTEMPTS) {
					throw new LedgerException(LedgerError.LEDGER_BUSY,
							"gave up after " + attempt + " attempts: " + ex.getMostSpecificCause().getMessage());
				}
				this.retries.increment();
				log.debug("retrying after lock failure (attempt {}): {}", attempt,
						ex.getMostSpecificCause().getMessage());
				backOff(attempt);
			}
		}
	}

	private static void backOff(int attempt) {
		long ceilingMs = Math.min(200, 5L << attempt);
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceilingMs + 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LedgerException(LedgerError.LEDGER_BUSY, "interrupted while retrying");
		}
	}

}
