package dev.tccledger.ledger.web;

import java.util.List;

import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.deposit.DepositService;
import dev.tccledger.ledger.freeze.FreezeService;
import dev.tccledger.ledger.freeze.FreezeStatus;
import dev.tccledger.ledger.journal.JournalService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

	private final AccountService accounts;

	private final DepositService deposits;

	private final FreezeService freezes;

	private final JournalService journal;

	AccountController(AccountService accounts, DepositService deposits, FreezeService freezes, JournalService journal) {
		this.accounts = accounts;
		this.deposits = deposits;
		this.freezes = freezes;
		this.journal = journal;
	}

	@PostMapping
	ResponseEntity<Views.AccountView> open(@RequestBody Requests.OpenAccount body) {
		AccountService.Opened opened = this.accounts.open(Requests.required("accountId", body.accountId()),
				Requests.required("kind", body.kind()), Requests.required("currency", body.currency()));
		return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(Views.AccountView.of(opened.account()));
	}

	@GetMapping("/{accountId}")
	Views.AccountView get(@PathVariable String accountId) {
		return Views.AccountView.of(this.accounts.get(accountId));
	}

	@GetMapping("/{accountId}/balance")
	Views.BalanceView balance(@PathVariable String accountId) {
		return Views.BalanceView.of(this.accounts.get(accountId));
	}

	@PostMapping("/{accountId}/deposits")
	ResponseEntity<Views.BalanceView> deposit(@PathVariable String accountId, @RequestBody Requests.Deposit body) {
		DepositService.Deposited deposited = this.deposits.deposit(accountId,
				Requests.required("reference", body.reference()), Requests.required("amount", body.amount()));
		return ResponseEntity.status(deposited.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(Views.BalanceView.of(deposited.account()));
	}

	@GetMapping("/{accountId}/freezes")
	List<Views.FreezeView> freezes(@PathVariable String accountId, @RequestParam(required = false) FreezeStatus status,
			@RequestParam(required = false) Integer limit) {
		return this.freezes.listByAccount(accountId, status, Requests.limit(limit, 100))
			.stream()
			.map(Views.FreezeView::of)
			.toList();
	}

	@GetMapping("/{accountId}/journal")
	List<Views.JournalView> journal(@PathVariable String accountId, @RequestParam(required = false) Integer limit) {
		this.accounts.get(accountId);
		return this.journal.recent(accountId, Requests.limit(limit, 50)).stream().map(Views.JournalView::of).toList();
	}

}
