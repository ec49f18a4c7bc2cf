package dev.tccledger.ledger.finance;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.channel.ChannelEventHandler;
import dev.tccledger.ledger.channel.ChannelStatus;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.recharge.RechargeService;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.withdrawal.WithdrawalService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciliation's {@code channel_operations_posted} (I7) on MariaDB: clean on
 * recharges and withdrawals in every state the ledger moves them to, and naming the
 * operation when a journal transaction is missing, doubled, posted in the wrong state or
 * stands without its operation. Each tampering is undone before the test ends.
 */
@TestPropertySource(properties = "ledger.channels.sim.base-url=http://127.0.0.1:9")
class ChannelOperationsPostedIT extends LedgerITBase {

	@Autowired
	RechargeService recharges;

	@Autowired
	WithdrawalService withdrawals;

	@Autowired
	List<ChannelEventHandler> handlers;

	ChannelOperationsFixture operations;

	String paid;

	String pending;

	String paidOut;

	String refused;

	@BeforeEach
	void everyState() {
		this.operations = new ChannelOperationsFixture(this.recharges, this.withdrawals, this.handlers,
				(available) -> customerWithAvailable("CNY", available));
		this.paid = this.operations.recharge(5000, ChannelStatus.SUCCEEDED);
		this.operations.recharge(600, ChannelStatus.FAILED);
		this.operations.recharge(700, ChannelStatus.EXPIRED);
		this.pending = this.operations.recharge(800, null);
		this.paidOut = this.operations.withdrawal(300, ChannelStatus.SUCCEEDED);
		this.refused = this.operations.withdrawal(400, ChannelStatus.FAILED);
		this.operations.withdrawal(500, null);
		String withAPerson = this.operations.withdrawal(550, null);
		this.jdbc.update("UPDATE withdrawal SET status = 'NEEDS_ATTENTION' WHERE withdrawal_no = ?", withAPerson);
	}

	@Test
	void everyStateTheLedgerMovesAnOperationToPasses() {
		assertThat(check().ok()).as(check().detail()).isTrue();
		assertBooksBalance();
	}

	@Test
	void aSecondCreditOfARechargeIsNamed() {
		long extra = journalTx("RECHARGE", this.paid);
		try {
			assertBroken("recharge " + this.paid + " SUCCEEDED RECHARGE (is 2, expected 1)");
		}
		finally {
			this.jdbc.update("DELETE FROM journal_tx WHERE journal_tx_id = ?", extra);
		}
		assertThat(check().ok()).isTrue();
	}

	@Test
	void aCreditOfARechargeStillPendingIsNamed() {
		long credit = journalTx("RECHARGE", this.pending);
		try {
			assertBroken("recharge " + this.pending + " PENDING RECHARGE (is 1, expected 0)");
		}
		finally {
			this.jdbc.update("DELETE FROM journal_tx WHERE journal_tx_id = ?", credit);
		}
	}

	@Test
	void aMissingCaptureOfAWithdrawalPaidOutIsNamed() {
		Map<String, Object> capture = this.jdbc
			.queryForMap("SELECT * FROM journal_tx WHERE reference = ? AND kind = 'WITHDRAWAL_CAPTURE'", this.paidOut);
		Object id = capture.get("journal_tx_id");
		List<Map<String, Object>> lines = this.jdbc.queryForList("SELECT * FROM journal_line WHERE journal_tx_id = ?",
				id);
		this.jdbc.update("DELETE FROM journal_line WHERE journal_tx_id = ?", id);
		this.jdbc.update("DELETE FROM journal_tx WHERE journal_tx_id = ?", id);
		try {
			assertBroken("withdrawal " + this.paidOut + " SUCCEEDED WITHDRAWAL_CAPTURE (is 0, expected 1)");
		}
		finally {
			insert("journal_tx", capture);
			lines.forEach((line) -> insert("journal_line", line));
		}
		assertThat(check().ok()).isTrue();
		assertBooksBalance();
	}

	@Test
	void aCaptureOfAWithdrawalThatFailedIsNamed() {
		long capture = journalTx("WITHDRAWAL_CAPTURE", this.refused);
		try {
			assertBroken("withdrawal " + this.refused + " FAILED WITHDRAWAL_CAPTURE (is 1, expected 0)");
		}
		finally {
			this.jdbc.update("DELETE FROM journal_tx WHERE journal_tx_id = ?", capture);
		}
	}

	@Test
	void aTransactionOfAChannelKindWithoutItsOperationIsNamed() {
		long orphan = journalTx("WITHDRAWAL_RELEASE", "w-nobody-made");
		try {
			assertBroken(
					"journal_tx " + orphan + " WITHDRAWAL_RELEASE of no withdrawal w-nobody-made (is 1, expected 0)");
		}
		finally {
			this.jdbc.update("DELETE FROM journal_tx WHERE journal_tx_id = ?", orphan);
		}
	}

	// ---

	FinanceService.Check check() {
		return this.finance.reconcile()
			.checks()
			.stream()
			.filter((c) -> c.name().equals("channel_operations_posted"))
			.findFirst()
			.orElseThrow();
	}

	void assertBroken(String subject) {
		FinanceService.Reconciliation reconciliation = this.finance.reconcile();
		FinanceService.Check check = check();
		assertThat(check.ok()).isFalse();
		assertThat(check.detail()).contains(subject);
		assertThat(reconciliation.ok()).isFalse();
	}

	/**
	 * A journal transaction header (no lines: only this check looks at headers alone).
	 */
	long journalTx(String kind, String reference) {
		this.jdbc.update("INSERT INTO journal_tx (kind, currency, reference, created_by, actor, created_at)"
				+ " VALUES (?, 'CNY', ?, 'TAMPERED', 'tampering-test', ?)", kind, reference, Times.nowUtc());
		return this.jdbc.queryForObject("SELECT MAX(journal_tx_id) FROM journal_tx WHERE reference = ? AND kind = ?",
				Long.class, reference, kind);
	}

	void insert(String table, Map<String, Object> row) {
		String columns = String.join(", ", row.keySet());
		String marks = row.keySet().stream().map((c) -> "?").collect(Collectors.joining(", "));
		this.jdbc.update("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", row.values().toArray());
	}

}
