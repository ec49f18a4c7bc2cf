package dev.tccledger.ledger.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.deposit.DepositService;
import dev.tccledger.ledger.finance.FinanceService;
import dev.tccledger.ledger.freeze.FreezeService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An integration test of the ledger on the real MariaDB, in a database of its own, with
 * the Seata client off (tests drive the TCC phases with synthetic xids), trusting the
 * test issuer ({@link Tokens}). The context is closed after the class so that its pool
 * lets go of the database before it is dropped.
 */
@ExtendWith(MariaDbDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "seata.enabled=false", "spring.datasource.hikari.maximum-pool-size=40",
				"logging.file.name=target/it-logs/ledger-it.log", "logging.threshold.console=WARN",
				// tests run the outbound worker themselves (OutboundWorker.runOnce)
				"ledger.withdrawals.period-ms=3600000" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class LedgerITBase {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", MariaDbDatabase::url);
		registry.add("spring.datasource.username", MariaDbDatabase::user);
		registry.add("spring.datasource.password", MariaDbDatabase::password);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", Tokens.ISSUER::uri);
	}

	@Autowired
	protected AccountService accounts;

	@Autowired
	protected DepositService deposits;

	@Autowired
	protected FreezeService freezes;

	@Autowired
	protected FinanceService finance;

	@Autowired
	protected JdbcTemplate jdbc;

	/** A fresh id, so tests in one class never share accounts by accident. */
	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected Account customerWithAvailable(String currency, long available) {
		String id = unique("cust");
		this.accounts.open(id, AccountKind.CUSTOMER, currency);
		if (available > 0) {
			this.deposits.deposit(id, unique("dep"), available, "funding " + id, FINANCE_OPERATOR);
		}
		return this.accounts.get(id);
	}

	protected Account merchant(String currency) {
		String id = unique("shop");
		this.accounts.open(id, AccountKind.MERCHANT, currency);
		return this.accounts.get(id);
	}

	protected Account account(String id) {
		return this.accounts.get(id);
	}

	protected Map<String, Object> freezeRow(String xid, long branchId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM freeze WHERE xid = ? AND branch_id = ?",
				xid, branchId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	protected int journalTxCount(String xid, long branchId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM journal_tx WHERE xid = ? AND branch_id = ?",
				Integer.class, xid, branchId);
	}

	protected Integer anomalyOccurrences(String kind, String xid, long branchId) {
		List<Integer> rows = this.jdbc.queryForList(
				"SELECT occurrences FROM anomaly WHERE kind = ? AND xid = ? AND branch_id = ?", Integer.class, kind,
				xid, branchId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	protected void assertBooksBalance() {
		FinanceService.Reconciliation reconciliation = this.finance.reconcile();
		assertThat(reconciliation.checks()).allSatisfy((check) -> assertThat(check.ok()).as(check.detail()).isTrue());
		assertThat(reconciliation.ok()).isTrue();
	}

	/** Journal transactions recorded under a business reference. */
	protected int journalTxCount(String reference) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM journal_tx WHERE reference = ?", Integer.class,
				reference);
	}

	/** The available of a channel's clearing account (0 before its first movement). */
	protected long clearing(String channel, String currency) {
		List<Long> rows = this.jdbc.queryForList("SELECT available FROM account WHERE account_id = ?", Long.class,
				"channel:" + channel + ":" + currency);
		return rows.isEmpty() ? 0 : rows.get(0);
	}

}
