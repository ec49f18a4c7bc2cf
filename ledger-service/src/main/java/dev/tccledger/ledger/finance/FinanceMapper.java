package dev.tccledger.ledger.finance;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.SelectProvider;

/**
 * Whole-ledger checks, each one SQL statement that returns only the rows breaking its
 * invariant (at most {@code limit}): the database does the sums, nothing is loaded to add
 * up.
 */
@Mapper
interface FinanceMapper {

	record Totals(long accounts, long available, long frozen) {
	}

	record OpenFreezes(long count, long amount, LocalDateTime oldest) {
	}

	/** One offending row: what it is, and the two numbers that should have been equal. */
	record Violation(String subject, long actual, long expected) {
	}

	@Select("""
			SELECT COUNT(*) AS accounts, COALESCE(SUM(available), 0) AS available, COALESCE(SUM(frozen), 0) AS frozen
			  FROM account WHERE currency = #{currency} AND kind <> 'SYSTEM'""")
	Totals totals(String currency);

	@Select("""
			SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount, MIN(created_at) AS oldest
			  FROM freeze WHERE status = 'TRIED' AND currency = #{currency}""")
	OpenFreezes openFreezes(String currency);

	record WithdrawalsInFlight(long count, long amount, long needsAttention) {
	}

	/** Withdrawals whose amount is still held: at the channel, or with a person. */
	@Select("""
			SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount,
			       COALESCE(SUM(CASE WHEN status = 'NEEDS_ATTENTION' THEN 1 ELSE 0 END), 0) AS needs_attention
			  FROM withdrawal WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION') AND currency = #{currency}""")
	WithdrawalsInFlight withdrawalsInFlight(String currency);

	/** Recharge refunds whose amount is still held: at the channel, or with a person. */
	@Select("""
			SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount,
			       COALESCE(SUM(CASE WHEN status = 'NEEDS_ATTENTION' THEN 1 ELSE 0 END), 0) AS needs_attention
			  FROM recharge_refund WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION') AND currency = #{currency}""")
	WithdrawalsInFlight refundsInFlight(String currency);

	record Pending(long count, long amount) {
	}

	/** Recharges waiting for the channel's word (nothing is credited until it comes). */
	@Select("""
			SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount
			  FROM recharge WHERE status = 'PENDING' AND currency = #{currency}""")
	Pending pendingRecharges(String currency);

	@Select("SELECT DISTINCT currency FROM account ORDER BY currency")
	List<String> currencies();

	/** I1 */
	@Select("""
			SELECT account_id AS subject, LEAST(available, frozen) AS actual, 0 AS expected
			  FROM account WHERE kind <> 'SYSTEM' AND (available < 0 OR frozen < 0)
			 ORDER BY account_id LIMIT #{limit}""")
	List<Violation> negativeBalances(@Param("limit") int limit);

	/**
	 * I2: the holds are TRIED freezes, and withdrawals and recharge refunds not yet
	 * settled
	 */
	@Select("""
			SELECT a.account_id AS subject, a.frozen AS actual, COALESCE(f.total, 0) AS expected
			  FROM account a
			  LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM (
			               SELECT account_id, amount FROM freeze WHERE status = 'TRIED'
			               UNION ALL
			               SELECT account_id, amount FROM withdrawal WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION')
			               UNION ALL
			               SELECT account_id, amount FROM recharge_refund WHERE status IN ('PROCESSING', 'NEEDS_ATTENTION')
			             ) h GROUP BY account_id) f
			    ON f.account_id = a.account_id
			 WHERE a.frozen <> COALESCE(f.total, 0)
			 ORDER BY a.account_id LIMIT #{limit}""")
	List<Violation> frozenVersusFreezes(@Param("limit") int limit);

	/**
	 * I8 on the ledger: per order and paying account, the refunds live against its
	 * captured payment (TRIED or CONFIRMED) add up to the payment's refund_claimed, which
	 * a CHECK keeps within the captured amount; no live refund without a captured payment
	 * to give back. Subject: order|paying account.
	 */
	@Select("""
			SELECT subject, actual, expected FROM (
			  SELECT CONCAT(p.order_no, '|', p.account_id) AS subject, COALESCE(r.total, 0) AS actual,
			         p.refund_claimed AS expected
			    FROM freeze p
			    LEFT JOIN (SELECT order_no, account_id, payee_account_id, SUM(amount) AS total FROM freeze
			                WHERE kind = 'REFUND' AND status IN ('TRIED', 'CONFIRMED')
			                GROUP BY order_no, account_id, payee_account_id) r
			      ON r.order_no = p.order_no AND r.payee_account_id = p.account_id AND r.account_id = p.payee_account_id
			   WHERE p.kind = 'PAYMENT' AND p.status = 'CONFIRMED' AND COALESCE(r.total, 0) <> p.refund_claimed
			  UNION ALL
			  SELECT CONCAT(r.order_no, '|', r.payee_account_id) AS subject, SUM(r.amount) AS actual, 0 AS expected
			    FROM freeze r
			   WHERE r.kind = 'REFUND' AND r.status IN ('TRIED', 'CONFIRMED')
			     AND NOT EXISTS (SELECT 1 FROM freeze p
			                      WHERE p.kind = 'PAYMENT' AND p.status = 'CONFIRMED' AND p.order_no = r.order_no
			                        AND p.account_id = r.payee_account_id AND p.payee_account_id = r.account_id)
			   GROUP BY r.order_no, r.payee_account_id
			) v ORDER BY subject LIMIT #{limit}""")
	List<Violation> refundsBeyondCaptured(@Param("limit") int limit);

	/** I3 */
	@Select("""
			SELECT currency AS subject, SUM(available + frozen) AS actual, 0 AS expected
			  FROM account GROUP BY currency HAVING SUM(available + frozen) <> 0
			 ORDER BY currency LIMIT #{limit}""")
	List<Violation> unbalancedCurrencies(@Param("limit") int limit);

	/** I4, per bucket: subject is account:bucket */
	@Select("""
			SELECT CONCAT(a.account_id, ':AVAILABLE') AS subject, a.available AS actual, COALESCE(j.available, 0) AS expected
			  FROM account a LEFT JOIN (
			       SELECT account_id, SUM(CASE WHEN bucket = 'AVAILABLE' THEN delta ELSE 0 END) AS available,
			              SUM(CASE WHEN bucket = 'FROZEN' THEN delta ELSE 0 END) AS frozen
			         FROM journal_line GROUP BY account_id) j ON j.account_id = a.account_id
			 WHERE a.available <> COALESCE(j.available, 0)
			UNION ALL
			SELECT CONCAT(a.account_id, ':FROZEN'), a.frozen, COALESCE(j.frozen, 0)
			  FROM account a LEFT JOIN (
			       SELECT account_id, SUM(CASE WHEN bucket = 'FROZEN' THEN delta ELSE 0 END) AS frozen
			         FROM journal_line GROUP BY account_id) j ON j.account_id = a.account_id
			 WHERE a.frozen <> COALESCE(j.frozen, 0)
			 LIMIT #{limit}""")
	List<Violation> journalVersusBalances(@Param("limit") int limit);

	/** I5 */
	@Select("""
			SELECT CONCAT('', journal_tx_id) AS subject, SUM(delta) AS actual, 0 AS expected
			  FROM journal_line GROUP BY journal_tx_id HAVING SUM(delta) <> 0
			 ORDER BY journal_tx_id LIMIT #{limit}""")
	List<Violation> unbalancedJournalTxs(@Param("limit") int limit);

	/**
	 * I7: each channel operation has the journal transactions its status allows, and no
	 * transaction of their kinds stands without its operation ({@link ChannelBooks}).
	 */
	@SelectProvider(type = ChannelBooksSql.class, method = "unposted")
	List<Violation> unpostedChannelOperations(@Param("limit") int limit);

}
