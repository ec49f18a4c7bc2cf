package dev.tccledger.ledger.freeze;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.transfer.TransferService;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every write of the ledger keeps who made it, as the services are told (the HTTP layer
 * passes the token's subject; SubjectRecordedIT checks that part): deposits with their
 * reason, transfers, tries, and the system actors of phase two and the sentinel.
 */
class ActorsRecordedIT extends LedgerITBase {

	static final Actor OPERATOR = Actor.of("ops.jane");

	static final Actor SHOP = Actor.of("shop-client");

	static final Actor ORDERS = Actor.of("order-service");

	@Autowired
	TransferService transfers;

	@Autowired
	AnomalyService anomalies;

	@Test
	void aDepositKeepsItsReasonAndActorAndReplaysOnlyTheSameRequest() {
		Account alice = customerWithAvailable("CNY", 0);
		String reference = unique("adj");

		assertThat(
				this.deposits.deposit(alice.getAccountId(), reference, 700, "refund of ticket 9", OPERATOR).created())
			.isTrue();
		// a replay by someone else moves nothing and keeps the first actor
		assertThat(
				this.deposits.deposit(alice.getAccountId(), reference, 700, "refund of ticket 9", Actor.of("ops.joe"))
					.created())
			.isFalse();
		assertThatThrownBy(
				() -> this.deposits.deposit(alice.getAccountId(), reference, 700, "another reason", OPERATOR))
			.isInstanceOfSatisfying(LedgerException.class,
					(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT));

		Map<String, Object> row = this.jdbc
			.queryForMap("SELECT reason, actor, journal_tx_id FROM deposit WHERE reference = ?", reference);
		assertThat(row).containsEntry("reason", "refund of ticket 9").containsEntry("actor", "ops.jane");
		assertThat(journalActors("reference = ?", reference)).containsExactly("DEPOSIT ops.jane");
		assertThat(account(alice.getAccountId()).getAvailable()).isEqualTo(700);
	}

	@Test
	void aDepositNeedsAReasonOfAtMost200Characters() {
		Account alice = customerWithAvailable("CNY", 0);
		for (String reason : new String[] { null, "", "   ", "r".repeat(201) }) {
			assertThatThrownBy(() -> this.deposits.deposit(alice.getAccountId(), unique("adj"), 1, reason, OPERATOR))
				.isInstanceOfSatisfying(LedgerException.class,
						(ex) -> assertThat(ex.error()).isEqualTo(LedgerError.VALIDATION_FAILED));
		}
		String longest = "r".repeat(200);
		String reference = unique("adj");
		this.deposits.deposit(alice.getAccountId(), reference, 1, longest, OPERATOR);
		assertThat(this.jdbc.queryForObject("SELECT reason FROM deposit WHERE reference = ?", String.class, reference))
			.isEqualTo(longest);
	}

	@Test
	void aTransferKeepsItsActor() {
		Account alice = customerWithAvailable("CNY", 1_000);
		Account shop = merchant("CNY");
		String transferId = unique("t");
		this.transfers.transfer(transferId, alice.getAccountId(), shop.getAccountId(), 400, SHOP);

		assertThat(
				this.jdbc.queryForObject("SELECT actor FROM transfer WHERE transfer_id = ?", String.class, transferId))
			.isEqualTo("shop-client");
		assertThat(journalActors("reference = ?", transferId)).containsExactly("TRANSFER shop-client");
	}

	@Test
	void aTryKeepsItsCallerAndPhaseTwoIsTheTcs() {
		Account alice = customerWithAvailable("CNY", 1_000);
		Account shop = merchant("CNY");
		String confirmed = unique("10.0.0.7:8091:xid");
		String cancelled = unique("10.0.0.7:8091:xid");
		this.freezes.tryFreeze(confirmed, 1, pay(alice, shop, 100), ORDERS);
		this.freezes.tryFreeze(cancelled, 2, pay(alice, shop, 200), ORDERS);
		this.freezes.confirm(confirmed, 1);
		this.freezes.cancel(cancelled, 2, null);

		assertThat(freezeRow(confirmed, 1)).containsEntry("tried_by", "order-service");
		assertThat(freezeRow(cancelled, 2)).containsEntry("tried_by", "order-service");
		assertThat(journalActors("xid = ?", confirmed)).containsExactly("FREEZE order-service", "CAPTURE seata-tc");
		assertThat(journalActors("xid = ?", cancelled)).containsExactly("FREEZE order-service", "RELEASE seata-tc");
		assertBooksBalance();
	}

	@Test
	void anEmptyRollbackMarkerWasTriedByNoOneAndAResentTryByItsSender() {
		Account alice = customerWithAvailable("CNY", 1_000);
		Account shop = merchant("CNY");
		String xid = unique("10.0.0.7:8091:xid");
		this.freezes.cancel(xid, 1, null);
		FreezeRequest request = pay(alice, shop, 100);
		this.freezes.tryFreeze(xid, 2, request, ORDERS);
		this.freezes.tryFreeze(xid, 3, request, Actor.of("order-service-2"));

		assertThat(freezeRow(xid, 1)).containsEntry("status", "CANCELLED").containsEntry("tried_by", null);
		assertThat(freezeRow(xid, 3)).containsEntry("status", "DUPLICATE").containsEntry("tried_by", "order-service-2");
	}

	@Test
	void theSentinelsReleaseIsTheSentinels() {
		Account alice = customerWithAvailable("CNY", 1_000);
		Account shop = merchant("CNY");
		String xid = unique("10.0.0.7:8091:xid");
		this.freezes.tryFreeze(xid, 1, pay(alice, shop, 300), ORDERS);
		Freeze stale = this.freezes.triedBefore(LocalDateTime.now().plusDays(1), 10_000)
			.stream()
			.filter((f) -> f.getXid().equals(xid))
			.findFirst()
			.orElseThrow();

		assertThat(this.freezes.releaseBySentinel(stale, "Finished")).isTrue();

		assertThat(freezeRow(xid, 1)).containsEntry("settled_by", "SENTINEL")
			.containsEntry("tried_by", "order-service");
		assertThat(journalActors("xid = ?", xid)).containsExactly("FREEZE order-service", "RELEASE sentinel");
		assertBooksBalance();
	}

	@Test
	void aResolutionIsTheResolvers() {
		String xid = unique("10.0.0.7:8091:xid");
		this.freezes.confirm(xid, 1);
		long anomalyId = this.jdbc.queryForObject("SELECT anomaly_id FROM anomaly WHERE xid = ?", Long.class, xid);

		assertThat(this.anomalies.resolve(anomalyId, OPERATOR, "no try ever came").resolvedBy()).isEqualTo("ops.jane");
		assertThat(this.jdbc.queryForObject("SELECT resolved_by FROM anomaly WHERE anomaly_id = ?", String.class,
				anomalyId))
			.isEqualTo("ops.jane");
	}

	static FreezeRequest pay(Account payer, Account payee, long amount) {
		return new FreezeRequest(unique("o"), payer.getAccountId(), payee.getAccountId(), amount);
	}

	/** "KIND actor" of each journal transaction matching {@code where}, oldest first. */
	List<String> journalActors(String where, Object arg) {
		return this.jdbc.queryForList(
				"SELECT CONCAT(kind, ' ', actor) FROM journal_tx WHERE " + where + " ORDER BY journal_tx_id",
				String.class, arg);
	}

}
