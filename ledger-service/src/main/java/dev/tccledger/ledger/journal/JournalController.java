package dev.tccledger.ledger.journal;

import java.time.Instant;
import java.util.List;

import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.web.Requests;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JournalController {

	private final AccountService accounts;

	private final JournalService journal;

	JournalController(AccountService accounts, JournalService journal) {
		this.accounts = accounts;
		this.journal = journal;
	}

	record JournalView(long journalTxId, JournalKind kind, Bucket bucket, long delta, String xid, String orderNo,
			String reference, String createdBy, Instant createdAt) {
		static JournalView of(JournalEntry e) {
			return new JournalView(e.journalTxId(), e.kind(), e.bucket(), e.delta(), e.xid(), e.orderNo(),
					e.reference(), e.createdBy(), Times.instant(e.createdAt()));
		}
	}

	/** An account's journal lines, newest first. */
	@GetMapping("/api/v1/accounts/{accountId}/journal")
	List<JournalView> journal(@PathVariable String accountId, @RequestParam(required = false) Integer limit) {
		this.accounts.get(accountId);
		return this.journal.recent(accountId, Requests.limit(limit, 50)).stream().map(JournalView::of).toList();
	}

}
