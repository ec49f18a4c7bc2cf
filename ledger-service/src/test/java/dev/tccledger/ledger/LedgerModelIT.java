package dev.tccledger.ledger;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.account.Account;
import dev.tccledger.ledger.account.AccountKind;
import dev.tccledger.ledger.anomaly.AnomalyKind;
import dev.tccledger.ledger.deposit.DepositService;
import dev.tccledger.ledger.finance.FinanceService;
import dev.tccledger.ledger.freeze.Freeze;
import dev.tccledger.ledger.freeze.FreezeRequest;
import dev.tccledger.ledger.freeze.FreezeService;
import dev.tccledger.ledger.freeze.Outcome;
import dev.tccledger.ledger.support.LedgerITBase;
import dev.tccledger.ledger.transfer.TransferService;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.tccledger.ledger.support.TestActors.DEMO_SHOP;
import static dev.tccledger.ledger.support.TestActors.FINANCE_OPERATOR;
import static dev.tccledger.ledger.support.TestActors.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded random walk over deposits, transfers and every cell of the TCC state table,
 * checked step by step against an in-memory model of docs/architecture.md written with
 * plain maps. The model predicts each call's exact {@link Outcome} or {@link LedgerError}
 * and every balance; after each step the database must agree and reconcile. Replay a
 * failure with {@code -Dmodel.seed=<seed>} (printed at the start and in every assertion
 * message) and {@code -Dmodel.steps=<n>}.
 */
class LedgerModelIT extends LedgerITBase {

	private static final Logger log = LoggerFactory.getLogger(LedgerModelIT.class);

	private static final String CNY = "CNY";

	private static final String USD = "USD";

	private static final List<String> CUSTOMERS = List.of("c1", "c2", "c3", "c4");

	private static final List<String> MERCHANTS = List.of("m1", "m2");

	private static final String DOLLAR_CUSTOMER = "u1";

	/**
	 * Phase-two outcomes that the state table (docs/architecture.md) answers as failed,
	 * so that the TC retries.
	 */
	private static final Set<Outcome> PHASE_TWO_FAILURES = EnumSet.of(Outcome.CONFIRM_WITHOUT_TRY,
			Outcome.CONFIRM_AFTER_CANCEL, Outcome.CANCEL_AFTER_CONFIRM);

	/** What a deposit or transfer answered when it did not throw. */
	enum Movement {

		CREATED, REPLAYED

	}

	enum Status {

		TRIED, CONFIRMED, CANCELLED, DUPLICATE

	}

	/** The step kinds and their weights. */
	enum Kind {

		DEPOSIT(8), DEPOSIT_REPLAY(3), DEPOSIT_CONFLICT(2), TRANSFER(5), TRANSFER_INSUFFICIENT(2), TRANSFER_MISMATCH(2),
		TRANSFER_REPLAY(1), TRY_NEW(14), TRY_INSUFFICIENT(3), TRY_MISMATCH(2), TRY_REPLAY(4), TRY_RESENT(4),
		TRY_OTHER_XID(3), CONFIRM(9), CANCEL(6), CONFIRM_DUPLICATE(2), CANCEL_DUPLICATE(2), CONFIRM_NEVER_TRIED(2),
		CANCEL_NEVER_TRIED(3), TRY_LATE(2), CANCEL_AFTER_CONFIRM(2), CONFIRM_AFTER_CANCEL(2), PHASE_TWO_OF_DUPLICATE(2);

		final int weight;

		Kind(int weight) {
			this.weight = weight;
		}

	}

	/** One modelled account. */
	static final class Acct {

		final String id;

		final AccountKind kind;

		final String currency;

		long available;

		long frozen;

		Acct(String id, AccountKind kind, String currency) {
			this.id = id;
			this.kind = kind;
			this.currency = currency;
		}

	}

	/**
	 * One modelled branch (xid, branchId): absent from the map means NONE. A DUPLICATE
	 * branch points at the branch that carries the money; a marker is an empty rollback.
	 */
	static final class Branch {

		final String xid;

		final long branchId;

		final FreezeRequest request;

		final Branch original;

		final boolean marker;

		Status status;

		Branch(String xid, long branchId, FreezeRequest request, Status status, Branch original, boolean marker) {
			this.xid = xid;
			this.branchId = branchId;
			this.request = request;
			this.status = status;
			this.original = original;
			this.marker = marker;
		}

		String key() {
			return branchKey(this.xid, this.branchId);
		}

		@Override
		public String toString() {
			return this.xid + "/" + this.branchId + " " + this.status + ((this.marker) ? " (marker)" : "") + " "
					+ this.request;
		}

	}

	record DepositRecord(String accountId, long amount) {
	}

	record TransferRecord(String from, String to, long amount) {
	}

	@Autowired
	TransferService transfers;

	// --- the model ---

	private final Map<String, Acct> accts = new LinkedHashMap<>();

	private final Map<String, Branch> branches = new LinkedHashMap<>();

	/** The live (TRIED or CONFIRMED) freeze per order|account. */
	private final Map<String, Branch> live = new HashMap<>();

	private final Map<String, DepositRecord> depositsByRef = new LinkedHashMap<>();

	private final Map<String, TransferRecord> transfersById = new LinkedHashMap<>();

	/** kind|xid|branch to occurrences. */
	private final Map<String, Integer> anomalies = new TreeMap<>();

	/** Journal transactions per JournalKind name. */
	private final Map<String, Integer> journalTxs = new TreeMap<>();

	/** Branches whose confirm arrived with no try: they stay NONE. */
	private final List<Branch> confirmedWithoutTry = new ArrayList<>();

	private final List<String> xids = new ArrayList<>();

	private final List<String> orders = new ArrayList<>();

	/** The branch whose freeze a try is expected to answer with. */
	private Branch expectedAnswer;

	// --- the walk ---

	private final Map<Kind, Integer> kindsRun = new EnumMap<>(Kind.class);

	private final Map<String, Integer> answersSeen = new TreeMap<>();

	private Random random;

	private long seed;

	private int steps;

	private int step;

	private Kind kind;

	private String call = "setup";

	private long nextId = 1;

	private long nextBranch = 1_000_000;

	@Test
	void randomWalkAgreesWithTheModelAfterEveryStep() {
		Long seedProperty = Long.getLong("model.seed");
		this.seed = (seedProperty != null) ? seedProperty : ThreadLocalRandom.current().nextLong();
		this.steps = Integer.getInteger("model.steps", 1_200);
		this.random = new Random(this.seed);
		log.info("LedgerModelIT seed={} steps={} (replay: -Dmodel.seed={} -Dmodel.steps={})", this.seed, this.steps,
				this.seed, this.steps);
		long started = System.nanoTime();

		openAccounts();
		verifyAll();
		for (this.step = 1; this.step <= this.steps; this.step++) {
			try {
				runOneStep();
				verifyAll();
			}
			catch (RuntimeException unexpected) {
				// assertions carry the seed already; an exception the model did not
				// predict must too
				throw new AssertionError(ctx("unexpected " + unexpected), unexpected);
			}
		}
		this.kind = null;
		this.call = "final checks";
		verifyFreezeTable();
		verifyAnomalies();
		verifyJournalTxCounts();

		long millis = (System.nanoTime() - started) / 1_000_000;
		log.info("LedgerModelIT seed={} passed {} steps in {} ms ({} ms/step); kinds {}; answers {}", this.seed,
				this.steps, millis, String.format("%.1f", (double) millis / Math.max(1, this.steps)), this.kindsRun,
				this.answersSeen);
	}

	private void openAccounts() {
		for (String id : CUSTOMERS) {
			open(id, AccountKind.CUSTOMER, CNY);
		}
		for (String id : MERCHANTS) {
			open(id, AccountKind.MERCHANT, CNY);
		}
		open(DOLLAR_CUSTOMER, AccountKind.CUSTOMER, USD);
		this.accts.put(Account.externalAccountId(CNY),
				new Acct(Account.externalAccountId(CNY), AccountKind.SYSTEM, CNY));
		this.accts.put(Account.externalAccountId(USD),
				new Acct(Account.externalAccountId(USD), AccountKind.SYSTEM, USD));
	}

	private void open(String id, AccountKind kind, String currency) {
		assertThat(this.accounts.open(id, kind, currency).created()).as(ctx("open " + id)).isTrue();
		this.accts.put(id, new Acct(id, kind, currency));
	}

	private void runOneStep() {
		for (;;) {
			Kind candidate = pickKind();
			this.kind = candidate;
			if (runStep(candidate)) {
				this.kindsRun.merge(candidate, 1, Integer::sum);
				return;
			}
		}
	}

	private Kind pickKind() {
		int total = 0;
		for (Kind k : Kind.values()) {
			total += k.weight;
		}
		int roll = this.random.nextInt(total);
		for (Kind k : Kind.values()) {
			roll -= k.weight;
			if (roll < 0) {
				return k;
			}
		}
		throw new IllegalStateException();
	}

	/** Runs a step of this kind; false when the model holds nothing it applies to. */
	private boolean runStep(Kind kind) {
		switch (kind) {
			case DEPOSIT -> {
				String target = pick(depositTargets());
				deposit(target, "dep-" + id(), depositAmount());
			}
			case DEPOSIT_REPLAY -> {
				if (this.depositsByRef.isEmpty()) {
					return false;
				}
				String ref = pick(new ArrayList<>(this.depositsByRef.keySet()));
				DepositRecord seen = this.depositsByRef.get(ref);
				deposit(seen.accountId(), ref, seen.amount());
			}
			case DEPOSIT_CONFLICT -> {
				if (this.depositsByRef.isEmpty()) {
					return false;
				}
				String ref = pick(new ArrayList<>(this.depositsByRef.keySet()));
				DepositRecord seen = this.depositsByRef.get(ref);
				if (this.random.nextInt(4) == 0) {
					String other = pick(without(depositTargets(), seen.accountId()));
					deposit(other, ref, seen.amount());
				}
				else {
					deposit(seen.accountId(), ref, seen.amount() + 1 + this.random.nextInt(1_000));
				}
			}
			case TRANSFER -> {
				List<String> funded = filter(cnyAccounts(), (a) -> this.accts.get(a).available > 0);
				if (funded.isEmpty()) {
					return false;
				}
				String from = pick(funded);
				String to = pick(without(cnyAccounts(), from));
				transfer("tr-" + id(), from, to, amountUpTo(this.accts.get(from).available));
			}
			case TRANSFER_INSUFFICIENT -> {
				String from = pick(cnyAccounts());
				String to = pick(without(cnyAccounts(), from));
				transfer("tr-" + id(), from, to, amountAbove(this.accts.get(from).available));
			}
			case TRANSFER_MISMATCH -> {
				String cny = pick(cnyAccounts());
				boolean dollarsPay = this.random.nextBoolean();
				long amount = 1 + this.random.nextInt(100);
				transfer("tr-" + id(), dollarsPay ? DOLLAR_CUSTOMER : cny, dollarsPay ? cny : DOLLAR_CUSTOMER, amount);
			}
			case TRANSFER_REPLAY -> {
				if (this.transfersById.isEmpty()) {
					return false;
				}
				String transferId = pick(new ArrayList<>(this.transfersById.keySet()));
				TransferRecord seen = this.transfersById.get(transferId);
				long amount = (this.random.nextInt(3) == 0) ? seen.amount() + 1 : seen.amount();
				transfer(transferId, seen.from(), seen.to(), amount);
			}
			case TRY_NEW -> {
				List<String> funded = filter(cnyAccounts(), (a) -> this.accts.get(a).available > 0);
				if (funded.isEmpty()) {
					return false;
				}
				String payer = pickPayer(funded);
				String order = (this.random.nextInt(4) == 0 && !this.orders.isEmpty()) ? pick(this.orders) : newOrder();
				tryFreeze(someXid(), newBranch(),
						new FreezeRequest(order, payer, pickPayee(payer), amountUpTo(this.accts.get(payer).available)));
			}
			case TRY_INSUFFICIENT -> {
				// now and then for an order that may already hold a live freeze on this
				// payer: DUPLICATE_PAYMENT comes before INSUFFICIENT_FUNDS
				String payer = pickPayer(cnyAccounts());
				String order = (this.random.nextInt(4) == 0 && !this.orders.isEmpty()) ? pick(this.orders) : newOrder();
				tryFreeze(someXid(), newBranch(), new FreezeRequest(order, payer, pickPayee(payer),
						amountAbove(this.accts.get(payer).available)));
			}
			case TRY_MISMATCH -> {
				// now and then on a branch that already has a row: the currency check
				// comes before the branch's state
				String cny = pick(cnyAccounts());
				boolean dollarsPay = this.random.nextBoolean();
				FreezeRequest request = new FreezeRequest(newOrder(), dollarsPay ? DOLLAR_CUSTOMER : cny,
						dollarsPay ? cny : DOLLAR_CUSTOMER, 1 + this.random.nextInt(100));
				if (this.random.nextInt(4) == 0 && !this.branches.isEmpty()) {
					Branch b = pick(new ArrayList<>(this.branches.values()));
					tryFreeze(b.xid, b.branchId, request);
				}
				else {
					tryFreeze(someXid(), newBranch(), request);
				}
			}
			case TRY_REPLAY -> {
				List<Branch> candidates = (this.random.nextInt(5) > 0) ? branchesIn(Status.TRIED)
						: filterBranches((b) -> !b.marker);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				tryFreeze(b.xid, b.branchId, b.request);
			}
			case TRY_RESENT -> {
				List<Branch> candidates = sortedLive();
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				FreezeRequest request = b.request;
				if (this.random.nextInt(7) == 0) {
					request = new FreezeRequest(request.orderNo(), request.accountId(), request.payeeAccountId(),
							request.amount() + 1);
				}
				tryFreeze(b.xid, newBranch(), request);
			}
			case TRY_OTHER_XID -> {
				List<Branch> candidates = (this.random.nextInt(10) < 7) ? sortedLive()
						: filterBranches((b) -> b.status == Status.CANCELLED && !b.marker);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				tryFreeze(newXid(), newBranch(), b.request);
			}
			case CONFIRM -> {
				List<Branch> candidates = branchesIn(Status.TRIED);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				confirm(b.xid, b.branchId);
			}
			case CANCEL -> {
				List<Branch> candidates = branchesIn(Status.TRIED);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				cancel(b.xid, b.branchId, b.request);
			}
			case CONFIRM_DUPLICATE, CANCEL_AFTER_CONFIRM -> {
				List<Branch> candidates = branchesIn(Status.CONFIRMED);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				if (kind == Kind.CONFIRM_DUPLICATE) {
					confirm(b.xid, b.branchId);
				}
				else {
					cancel(b.xid, b.branchId, b.request);
				}
			}
			case CANCEL_DUPLICATE, CONFIRM_AFTER_CANCEL -> {
				List<Branch> candidates = branchesIn(Status.CANCELLED);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				if (kind == Kind.CANCEL_DUPLICATE) {
					cancel(b.xid, b.branchId, b.request);
				}
				else {
					confirm(b.xid, b.branchId);
				}
			}
			case CONFIRM_NEVER_TRIED -> {
				String xid = someXid();
				long branchId = newBranch();
				confirm(xid, branchId);
				this.confirmedWithoutTry.add(new Branch(xid, branchId, null, null, null, false));
			}
			case CANCEL_NEVER_TRIED -> {
				FreezeRequest context = null;
				if (this.random.nextInt(6) > 0) {
					String payer = pickPayer(cnyAccounts());
					context = new FreezeRequest(newOrder(), payer, pickPayee(payer), 1 + this.random.nextInt(5_000));
				}
				cancel(someXid(), newBranch(), context);
			}
			case TRY_LATE -> {
				// mostly the try whose cancel overtook it; sometimes the try of a branch
				// whose confirm came without one (no row, so it freezes)
				List<Branch> markers = filterBranches((b) -> b.marker);
				boolean afterConfirm = this.random.nextInt(5) == 0 && !this.confirmedWithoutTry.isEmpty();
				if (markers.isEmpty() && !afterConfirm) {
					return false;
				}
				Branch b = afterConfirm ? pick(this.confirmedWithoutTry) : pick(markers);
				FreezeRequest request = b.request;
				if (request == null) {
					List<String> funded = filter(cnyAccounts(), (a) -> this.accts.get(a).available > 0);
					String payer = pickPayer(funded.isEmpty() ? cnyAccounts() : funded);
					long available = this.accts.get(payer).available;
					request = new FreezeRequest(newOrder(), payer, pickPayee(payer),
							(available > 0) ? amountUpTo(available) : 1);
				}
				tryFreeze(b.xid, b.branchId, request);
			}
			case PHASE_TWO_OF_DUPLICATE -> {
				List<Branch> candidates = branchesIn(Status.DUPLICATE);
				if (candidates.isEmpty()) {
					return false;
				}
				Branch b = pick(candidates);
				if (this.random.nextBoolean()) {
					confirm(b.xid, b.branchId);
				}
				else {
					cancel(b.xid, b.branchId, b.request);
				}
			}
		}
		return true;
	}

	// --- calls: predict with the model, call the service, compare ---

	private void deposit(String accountId, String reference, long amount) {
		this.call = "deposit(" + accountId + ", " + reference + ", " + amount + ")";
		Object expected = modelDeposit(accountId, reference, amount);
		Object actual;
		Account returned = null;
		try {
			DepositService.Deposited deposited = this.deposits.deposit(accountId, reference, amount, "model deposit",
					FINANCE_OPERATOR);
			actual = deposited.created() ? Movement.CREATED : Movement.REPLAYED;
			returned = deposited.account();
		}
		catch (LedgerException refused) {
			actual = refused.error();
		}
		assertAnswer(actual, expected);
		if (returned != null) {
			assertAccount(returned, "returned account");
		}
	}

	private void transfer(String transferId, String from, String to, long amount) {
		this.call = "transfer(" + transferId + ", " + from + " -> " + to + ", " + amount + ")";
		Object expected = modelTransfer(transferId, from, to, amount);
		Object actual;
		TransferService.Transferred transferred = null;
		try {
			transferred = this.transfers.transfer(transferId, from, to, amount, DEMO_SHOP);
			actual = transferred.created() ? Movement.CREATED : Movement.REPLAYED;
		}
		catch (LedgerException refused) {
			actual = refused.error();
		}
		assertAnswer(actual, expected);
		if (transferred != null) {
			assertAccount(transferred.from(), "returned from-account");
			assertAccount(transferred.to(), "returned to-account");
		}
	}

	private void tryFreeze(String xid, long branchId, FreezeRequest request) {
		this.call = "try(" + xid + ", " + branchId + ", " + request + ")";
		this.expectedAnswer = null;
		Object expected = modelTry(xid, branchId, request);
		Object actual;
		Freeze answer = null;
		try {
			FreezeService.TryResult result = this.freezes.tryFreeze(xid, branchId, request, ORDER_SERVICE);
			actual = result.outcome();
			answer = result.freeze();
			assertThat(result.outcome().succeeded()).as(ctx("an answered try succeeded")).isTrue();
		}
		catch (LedgerException refused) {
			actual = refused.error();
		}
		assertAnswer(actual, expected);
		if (answer != null) {
			Branch carrier = this.expectedAnswer;
			assertThat(answer.getXid() + "/" + answer.getBranchId()).as(ctx("the freeze the try answers with"))
				.isEqualTo(carrier.xid + "/" + carrier.branchId);
			assertThat(answer.getAmount()).as(ctx("answered freeze amount")).isEqualTo(carrier.request.amount());
			assertThat(answer.getOrderNo()).as(ctx("answered freeze order")).isEqualTo(carrier.request.orderNo());
			assertThat(answer.getFreezeId()).as(ctx("answered freeze id")).isNotNull();
		}
	}

	private void confirm(String xid, long branchId) {
		this.call = "confirm(" + xid + ", " + branchId + ")";
		Outcome expected = modelConfirm(xid, branchId);
		Outcome actual = this.freezes.confirm(xid, branchId);
		assertAnswer(actual, expected);
		assertThat(actual.succeeded()).as(ctx("succeeded() of " + actual))
			.isEqualTo(!PHASE_TWO_FAILURES.contains(actual));
	}

	private void cancel(String xid, long branchId, FreezeRequest context) {
		this.call = "cancel(" + xid + ", " + branchId + ", " + context + ")";
		Outcome expected = modelCancel(xid, branchId, context);
		Outcome actual = this.freezes.cancel(xid, branchId, context);
		assertAnswer(actual, expected);
		assertThat(actual.succeeded()).as(ctx("succeeded() of " + actual))
			.isEqualTo(!PHASE_TWO_FAILURES.contains(actual));
	}

	private void assertAnswer(Object actual, Object expected) {
		this.answersSeen.merge(String.valueOf(actual), 1, Integer::sum);
		assertThat(actual).as(ctx("answer")).isEqualTo(expected);
	}

	// --- the model's rules (docs/architecture.md) ---

	private Object modelDeposit(String accountId, String reference, long amount) {
		DepositRecord seen = this.depositsByRef.get(reference);
		if (seen != null) {
			return (seen.accountId().equals(accountId) && seen.amount() == amount) ? Movement.REPLAYED
					: LedgerError.IDEMPOTENCY_CONFLICT;
		}
		Acct target = this.accts.get(accountId);
		target.available += amount;
		this.accts.get(Account.externalAccountId(target.currency)).available -= amount;
		this.depositsByRef.put(reference, new DepositRecord(accountId, amount));
		journal("DEPOSIT");
		return Movement.CREATED;
	}

	private Object modelTransfer(String transferId, String fromId, String toId, long amount) {
		Acct from = this.accts.get(fromId);
		Acct to = this.accts.get(toId);
		if (!from.currency.equals(to.currency)) {
			return LedgerError.CURRENCY_MISMATCH;
		}
		TransferRecord seen = this.transfersById.get(transferId);
		if (seen != null) {
			return (seen.from().equals(fromId) && seen.to().equals(toId) && seen.amount() == amount) ? Movement.REPLAYED
					: LedgerError.IDEMPOTENCY_CONFLICT;
		}
		if (from.available < amount) {
			return LedgerError.INSUFFICIENT_FUNDS;
		}
		from.available -= amount;
		to.available += amount;
		this.transfersById.put(transferId, new TransferRecord(fromId, toId, amount));
		journal("TRANSFER");
		return Movement.CREATED;
	}

	private Object modelTry(String xid, long branchId, FreezeRequest request) {
		Acct payer = this.accts.get(request.accountId());
		Acct payee = this.accts.get(request.payeeAccountId());
		if (!payer.currency.equals(payee.currency)) {
			return LedgerError.CURRENCY_MISMATCH;
		}
		Branch existing = this.branches.get(branchKey(xid, branchId));
		if (existing != null) {
			switch (existing.status) {
				case TRIED -> {
					this.expectedAnswer = existing;
					return Outcome.TRY_REPLAYED;
				}
				case CONFIRMED -> {
					return LedgerError.BRANCH_ALREADY_CONFIRMED;
				}
				case CANCELLED -> {
					anomaly(AnomalyKind.SUSPENSION_REJECTED, xid, branchId);
					return LedgerError.BRANCH_ALREADY_CANCELLED;
				}
				case DUPLICATE -> {
					this.expectedAnswer = existing.original;
					return Outcome.RESENT_TRY;
				}
			}
		}
		Branch liveFreeze = this.live.get(liveKey(request));
		if (liveFreeze != null) {
			if (!liveFreeze.xid.equals(xid)) {
				return LedgerError.DUPLICATE_PAYMENT;
			}
			if (liveFreeze.request.amount() != request.amount()
					|| !liveFreeze.request.payeeAccountId().equals(request.payeeAccountId())) {
				return LedgerError.IDEMPOTENCY_CONFLICT;
			}
			Branch duplicate = new Branch(xid, branchId, liveFreeze.request, Status.DUPLICATE, liveFreeze, false);
			this.branches.put(duplicate.key(), duplicate);
			this.expectedAnswer = liveFreeze;
			return Outcome.RESENT_TRY;
		}
		if (payer.available < request.amount()) {
			return LedgerError.INSUFFICIENT_FUNDS;
		}
		payer.available -= request.amount();
		payer.frozen += request.amount();
		Branch tried = new Branch(xid, branchId, request, Status.TRIED, null, false);
		this.branches.put(tried.key(), tried);
		this.live.put(liveKey(request), tried);
		this.confirmedWithoutTry.removeIf((b) -> b.key().equals(tried.key()));
		this.expectedAnswer = tried;
		journal("FREEZE");
		return Outcome.FROZEN;
	}

	private Outcome modelConfirm(String xid, long branchId) {
		Branch b = this.branches.get(branchKey(xid, branchId));
		if (b == null) {
			anomaly(AnomalyKind.CONFIRM_WITHOUT_TRY, xid, branchId);
			return Outcome.CONFIRM_WITHOUT_TRY;
		}
		return switch (b.status) {
			case TRIED -> {
				this.accts.get(b.request.accountId()).frozen -= b.request.amount();
				this.accts.get(b.request.payeeAccountId()).available += b.request.amount();
				b.status = Status.CONFIRMED;
				journal("CAPTURE");
				yield Outcome.CAPTURED;
			}
			case CONFIRMED -> {
				anomaly(AnomalyKind.DUPLICATE_CONFIRM, xid, branchId);
				yield Outcome.DUPLICATE_CONFIRM;
			}
			case CANCELLED -> {
				anomaly(AnomalyKind.CONFIRM_AFTER_CANCEL, xid, branchId);
				yield Outcome.CONFIRM_AFTER_CANCEL;
			}
			case DUPLICATE -> Outcome.DUPLICATE_BRANCH_SETTLED;
		};
	}

	private Outcome modelCancel(String xid, long branchId, FreezeRequest context) {
		Branch b = this.branches.get(branchKey(xid, branchId));
		if (b == null) {
			Branch marker = new Branch(xid, branchId, context, Status.CANCELLED, null, true);
			this.branches.put(marker.key(), marker);
			anomaly(AnomalyKind.EMPTY_ROLLBACK, xid, branchId);
			return Outcome.EMPTY_ROLLBACK;
		}
		return switch (b.status) {
			case TRIED -> {
				Acct payer = this.accts.get(b.request.accountId());
				payer.frozen -= b.request.amount();
				payer.available += b.request.amount();
				b.status = Status.CANCELLED;
				this.live.remove(liveKey(b.request));
				journal("RELEASE");
				yield Outcome.RELEASED;
			}
			case CONFIRMED -> {
				anomaly(AnomalyKind.CANCEL_AFTER_CONFIRM, xid, branchId);
				yield Outcome.CANCEL_AFTER_CONFIRM;
			}
			case CANCELLED -> {
				anomaly(AnomalyKind.DUPLICATE_CANCEL, xid, branchId);
				yield Outcome.DUPLICATE_CANCEL;
			}
			case DUPLICATE -> Outcome.DUPLICATE_BRANCH_SETTLED;
		};
	}

	private void anomaly(AnomalyKind kind, String xid, long branchId) {
		this.anomalies.merge(kind + "|" + xid + "|" + branchId, 1, Integer::sum);
	}

	private void journal(String kind) {
		this.journalTxs.merge(kind, 1, Integer::sum);
	}

	// --- checks against the database ---

	private void verifyAll() {
		for (Acct expected : this.accts.values()) {
			Account actual = this.accounts.get(expected.id);
			assertThat(actual.getAvailable()).as(ctx(expected.id + " available")).isEqualTo(expected.available);
			assertThat(actual.getFrozen()).as(ctx(expected.id + " frozen")).isEqualTo(expected.frozen);
		}
		FinanceService.Reconciliation reconciliation = this.finance.reconcile();
		for (FinanceService.Check check : reconciliation.checks()) {
			assertThat(check.ok()).as(ctx("reconcile " + check.name() + ": " + check.detail())).isTrue();
		}
		assertThat(reconciliation.ok()).as(ctx("reconcile ok")).isTrue();
	}

	private void assertAccount(Account actual, String what) {
		Acct expected = this.accts.get(actual.getAccountId());
		assertThat(actual.getAvailable()).as(ctx(what + " " + expected.id + " available"))
			.isEqualTo(expected.available);
		assertThat(actual.getFrozen()).as(ctx(what + " " + expected.id + " frozen")).isEqualTo(expected.frozen);
	}

	/** I2 from the freeze rows themselves, and every row against the model's branches. */
	private void verifyFreezeTable() {
		Map<String, Long> triedSums = new TreeMap<>();
		this.jdbc.query(
				"SELECT account_id, SUM(amount) AS total FROM freeze WHERE status = 'TRIED' GROUP BY account_id",
				(rs) -> {
					triedSums.put(rs.getString("account_id"), rs.getLong("total"));
				});
		for (Acct acct : this.accts.values()) {
			long tried = triedSums.getOrDefault(acct.id, 0L);
			assertThat(tried).as(ctx("sum of TRIED freezes of " + acct.id + " vs model frozen")).isEqualTo(acct.frozen);
			assertThat(tried).as(ctx("sum of TRIED freezes of " + acct.id + " vs database frozen"))
				.isEqualTo(this.accounts.get(acct.id).getFrozen());
		}
		Map<String, String> rows = new TreeMap<>();
		this.jdbc.query("SELECT xid, branch_id, status, live_key FROM freeze", (rs) -> {
			rows.put(branchKey(rs.getString("xid"), rs.getLong("branch_id")),
					rs.getString("status") + " live=" + rs.getString("live_key"));
		});
		Map<String, String> expected = new TreeMap<>();
		for (Branch b : this.branches.values()) {
			boolean isLive = this.live.get((b.request != null) ? liveKey(b.request) : "") == b;
			expected.put(b.key(), b.status + " live=" + (isLive ? liveKey(b.request) : null));
		}
		assertThat(rows).as(ctx("freeze rows (status, live key) per branch")).isEqualTo(expected);
	}

	private void verifyAnomalies() {
		Map<String, Integer> actual = new TreeMap<>();
		this.jdbc.query("SELECT kind, xid, branch_id, occurrences FROM anomaly", (rs) -> {
			actual.put(rs.getString("kind") + "|" + rs.getString("xid") + "|" + rs.getLong("branch_id"),
					rs.getInt("occurrences"));
		});
		assertThat(actual).as(ctx("anomaly occurrences per (kind, xid, branch)")).isEqualTo(this.anomalies);
	}

	private void verifyJournalTxCounts() {
		Map<String, Integer> actual = new TreeMap<>();
		this.jdbc.query("SELECT kind, COUNT(*) AS n FROM journal_tx GROUP BY kind", (rs) -> {
			actual.put(rs.getString("kind"), rs.getInt("n"));
		});
		assertThat(actual).as(ctx("journal transactions per kind")).isEqualTo(this.journalTxs);
	}

	private String ctx(String what) {
		return "[model seed=" + this.seed + " step=" + this.step + "/" + this.steps + " kind=" + this.kind + " "
				+ this.call + "] " + what + " (replay: -Dmodel.seed=" + this.seed + " -Dmodel.steps=" + this.steps
				+ ")";
	}

	// --- generators ---

	private List<String> cnyAccounts() {
		List<String> ids = new ArrayList<>(CUSTOMERS);
		ids.addAll(MERCHANTS);
		return ids;
	}

	private List<String> depositTargets() {
		List<String> ids = new ArrayList<>(CUSTOMERS);
		ids.addAll(CUSTOMERS);
		ids.addAll(MERCHANTS);
		ids.add(DOLLAR_CUSTOMER);
		return ids;
	}

	/** Customers pay most of the time; a merchant pays now and then (a refund). */
	private String pickPayer(List<String> candidates) {
		List<String> customers = filter(candidates, CUSTOMERS::contains);
		if (!customers.isEmpty() && (this.random.nextInt(5) > 0 || customers.size() == candidates.size())) {
			return pick(customers);
		}
		List<String> merchants = filter(candidates, (a) -> !CUSTOMERS.contains(a));
		return pick(merchants.isEmpty() ? candidates : merchants);
	}

	private String pickPayee(String payer) {
		List<String> merchants = without(MERCHANTS, payer);
		if (this.random.nextInt(10) < 7) {
			return pick(merchants);
		}
		return pick(without(cnyAccounts(), payer));
	}

	private long depositAmount() {
		return switch (this.random.nextInt(4)) {
			case 0 -> 1 + this.random.nextInt(100);
			case 1 -> 1 + this.random.nextInt(10_000);
			default -> 1 + this.random.nextInt(60_000);
		};
	}

	/** 1..max, with the boundary max itself now and then. */
	private long amountUpTo(long max) {
		if (this.random.nextInt(8) == 0) {
			return max;
		}
		long ceiling = Math.min(max, (this.random.nextBoolean()) ? 500 : 25_000);
		return 1 + (long) (this.random.nextDouble() * ceiling);
	}

	/** Above what is available, often by exactly one. */
	private long amountAbove(long available) {
		return available + ((this.random.nextInt(3) == 0) ? 1 : 1 + this.random.nextInt(20_000));
	}

	private String someXid() {
		if (!this.xids.isEmpty() && this.random.nextInt(10) < 3) {
			return pick(this.xids);
		}
		return newXid();
	}

	private String newXid() {
		String xid = "127.0.0.1:8091:" + (2_000_000_000L + id());
		this.xids.add(xid);
		return xid;
	}

	private long newBranch() {
		return this.nextBranch++;
	}

	private String newOrder() {
		String order = "order-" + id();
		this.orders.add(order);
		return order;
	}

	private long id() {
		return this.nextId++;
	}

	private List<Branch> branchesIn(Status status) {
		return filterBranches((b) -> b.status == status);
	}

	private List<Branch> filterBranches(Predicate<Branch> test) {
		List<Branch> out = new ArrayList<>();
		for (Branch b : this.branches.values()) {
			if (test.test(b)) {
				out.add(b);
			}
		}
		return out;
	}

	private List<Branch> sortedLive() {
		List<Branch> out = new ArrayList<>(this.live.values());
		out.sort((a, b) -> a.key().compareTo(b.key()));
		return out;
	}

	private <T> T pick(List<T> items) {
		return items.get(this.random.nextInt(items.size()));
	}

	private static List<String> filter(List<String> items, Predicate<String> test) {
		List<String> out = new ArrayList<>();
		for (String item : items) {
			if (test.test(item)) {
				out.add(item);
			}
		}
		return out;
	}

	private static List<String> without(List<String> items, String excluded) {
		return filter(items, (item) -> !item.equals(excluded));
	}

	private static String branchKey(String xid, long branchId) {
		return xid + "#" + branchId;
	}

	private static String liveKey(FreezeRequest request) {
		return request.orderNo() + "|" + request.accountId();
	}

}
