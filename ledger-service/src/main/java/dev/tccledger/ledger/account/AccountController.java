package dev.tccledger.ledger.account;

import dev.tccledger.ledger.web.Requests;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

	private final AccountService accounts;

	AccountController(AccountService accounts) {
		this.accounts = accounts;
	}

	/** {@code phone}, optional: where the account's text messages go. */
	record OpenAccount(String accountId, AccountKind kind, String currency, String phone) {
	}

	record AccountView(String accountId, AccountKind kind, String currency, long available, long frozen, long total,
			String phone) {
		static AccountView of(Account a) {
			return new AccountView(a.getAccountId(), a.getKind(), a.getCurrency(), a.getAvailable(), a.getFrozen(),
					a.total(), a.getPhone());
		}
	}

	@PostMapping
	ResponseEntity<AccountView> open(@RequestBody OpenAccount body) {
		AccountService.Opened opened = this.accounts.open(Requests.required("accountId", body.accountId()),
				Requests.required("kind", body.kind()), Requests.required("currency", body.currency()), body.phone());
		return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(AccountView.of(opened.account()));
	}

	@GetMapping("/{accountId}")
	AccountView get(@PathVariable String accountId) {
		return AccountView.of(this.accounts.get(accountId));
	}

	@GetMapping("/{accountId}/balance")
	BalanceView balance(@PathVariable String accountId) {
		return BalanceView.of(this.accounts.get(accountId));
	}

}
