package dev.tccledger.ledger.freeze;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.account.AccountService;
import dev.tccledger.ledger.account.AccountService.AccountProfile;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.anomaly.AnomalyService;
import dev.tccledger.ledger.infra.TxRunner;
import dev.tccledger.ledger.journal.Bucket;
import dev.tccledger.ledger.journal.JournalKind;
import dev.tccledger.ledger.journal.JournalService;
import dev.tccledger.ledger.journal.Posting;
import dev.tccledger.support.faults.FaultPoints;

import org.springframework.dao.DuplicateKeyException;

import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/**
 * The phase loop against a freeze table that answers as a race would: a write that misses
 * because another call moved the branch, then a read that shows where it went. And the
 * usual path of each phase, statement by statement, so that the loop costs it nothing.
 */
class FreezeServiceLoopTest {

	static final String XID = "127.0.0.1:8091:1";

	static final long BRANCH = 7;

	FreezeMapper table = mock(FreezeMapper.class);

	JournalService journal = mock(JournalService.class);

	AnomalyService anomalies = mock(AnomalyService.class);

	AccountService accounts = mock(AccountService.class);

	FreezeService service;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void setUp() {
		TxRunner tx = mock(TxRunner.class);
		when(tx.inTransaction(any())).thenAnswer((call) -> ((Supplier<Object>) call.getArgument(0)).get());
		var meters = new SimpleMeterRegistry();
		this.service = new FreezeService(this.table, this.accounts, this.journal, this.anomalies, tx, meters,
				new FaultPoints(List.of(), meters));
	}

	Freeze row(FreezeStatus status) {
		Freeze tried = Freeze.tried(XID, BRANCH, new FreezeRequest("o-1", "alice", "shop", 2_500), "CNY", ORDER_SERVICE,
				null);
		return (status == FreezeStatus.TRIED) ? tried : tried.moveTo(status, "TC", null);
	}

	@Test
	void aConfirmThatFindsTheTryCommittedAfterItsFirstWriteCapturesIt() {
		// the confirm overtook its try: its update missed, then the try committed
		when(this.table.move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CONFIRMED), eq("TC"), any()))
			.thenReturn(0, 1);
		when(this.table.findByBranch(XID, BRANCH)).thenReturn(row(FreezeStatus.TRIED));

		assertThat(this.service.confirm(XID, BRANCH)).isEqualTo(Outcome.CAPTURED);

		ArgumentCaptor<Posting> posted = ArgumentCaptor.forClass(Posting.class);
		verify(this.journal).post(posted.capture());
		assertThat(posted.getValue().kind()).isEqualTo(JournalKind.CAPTURE);
		assertThat(posted.getValue().lines()).containsExactly(new Posting.Line("alice", Bucket.FROZEN, -2_500),
				new Posting.Line("shop", Bucket.AVAILABLE, 2_500));
	}

	@Test
	void aCancelThatLosesToAConfirmBetweenItsReadAndItsWriteMovesNothingAndIsEscalated() {
		doThrow(new DuplicateKeyException("branch taken")).when(this.table).insert(any());
		when(this.table.findByBranch(XID, BRANCH)).thenReturn(row(FreezeStatus.TRIED), row(FreezeStatus.CONFIRMED));
		when(this.table.move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CANCELLED), eq("TC"), any()))
			.thenReturn(0);

		assertThat(this.service.cancel(XID, BRANCH, null)).isEqualTo(Outcome.CANCEL_AFTER_CONFIRM);

		verify(this.journal, never()).post(any());
		verify(this.anomalies).record(eq(AnomalyKind.CANCEL_AFTER_CONFIRM), eq(XID), eq(BRANCH), anyString());
	}

	@Test
	void theUsualTryIsOneInsertAndItsPosting() {
		when(this.accounts.profile(anyString())).thenReturn(profile());

		assertThat(this.service.tryFreeze(XID, BRANCH, new FreezeRequest("o-1", "alice", "shop", 2_500), ORDER_SERVICE)
			.outcome()).isEqualTo(Outcome.FROZEN);

		verify(this.table).insert(any());
		verify(this.journal).post(any());
		verifyNoMoreInteractions(this.table, this.journal, this.anomalies);
	}

	@Test
	void theUsualConfirmIsOneUpdateOneReadAndItsPosting() {
		when(this.table.move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CONFIRMED), eq("TC"), any()))
			.thenReturn(1);
		when(this.table.findByBranch(XID, BRANCH)).thenReturn(row(FreezeStatus.CONFIRMED));

		assertThat(this.service.confirm(XID, BRANCH)).isEqualTo(Outcome.CAPTURED);

		verify(this.table).move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CONFIRMED), eq("TC"),
				any());
		verify(this.table).findByBranch(XID, BRANCH);
		verify(this.journal).post(any());
		verifyNoMoreInteractions(this.table, this.journal, this.anomalies);
	}

	@Test
	void theUsualCancelIsTheMarkerInsertThatMissesOneReadOneUpdateAndItsPosting() {
		doThrow(new DuplicateKeyException("branch taken")).when(this.table).insert(any());
		when(this.table.findByBranch(XID, BRANCH)).thenReturn(row(FreezeStatus.TRIED));
		when(this.table.move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CANCELLED), eq("TC"), any()))
			.thenReturn(1);

		assertThat(this.service.cancel(XID, BRANCH, null)).isEqualTo(Outcome.RELEASED);

		verify(this.table).insert(any());
		verify(this.table).findByBranch(XID, BRANCH);
		verify(this.table).move(eq(XID), eq(BRANCH), eq(FreezeStatus.TRIED), eq(FreezeStatus.CANCELLED), eq("TC"),
				any());
		verify(this.journal).post(any());
		verifyNoMoreInteractions(this.table, this.journal, this.anomalies);
	}

	static AccountProfile profile() {
		return new AccountProfile("any", AccountKind.CUSTOMER, "CNY");
	}

}
