package dev.tccledger.ledger.freeze;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * No method takes a locking read: state changes are conditional updates on the unique
 * key, and a missing row is discovered by a failed insert, never by SELECT ... FOR UPDATE
 * (whose gap lock deadlocks concurrent inserts under REPEATABLE READ).
 */
@Mapper
interface FreezeMapper {

	@Insert("""
			INSERT INTO freeze (xid, branch_id, kind, order_no, refund_no, account_id, payee_account_id, amount, currency,
			                    status, live_key, duplicate_of, settled_by, tried_by, created_at, updated_at)
			VALUES (#{xid}, #{branchId}, #{kind}, #{orderNo}, #{refundNo}, #{accountId}, #{payeeAccountId}, #{amount},
			        #{currency}, #{status}, #{liveKey}, #{duplicateOf}, #{settledBy}, #{triedBy}, #{createdAt}, #{updatedAt})""")
	@Options(useGeneratedKeys = true, keyProperty = "freezeId", keyColumn = "freeze_id")
	void insert(Freeze freeze);

	@Select("SELECT * FROM freeze WHERE xid = #{xid} AND branch_id = #{branchId}")
	Freeze findByBranch(@Param("xid") String xid, @Param("branchId") long branchId);

	@Select("SELECT * FROM freeze WHERE live_key = #{liveKey}")
	Freeze findLive(String liveKey);

	@Select("SELECT * FROM freeze WHERE freeze_id = #{freezeId}")
	Freeze findById(long freezeId);

	/**
	 * Moves the branch from {@code from} to {@code to} if it is still in {@code from}:
	 * the one write of every phase-two transition, so a racing call that moved the row
	 * first makes this one change nothing (0) instead of moving money twice. Leaving for
	 * CANCELLED frees the order's live key, so the order may be paid again later.
	 */
	@Update("""
			<script>
			UPDATE freeze SET status = #{to}, settled_by = #{settledBy}, updated_at = #{now}
			<if test="to.name() == 'CANCELLED'">, live_key = NULL</if>
			 WHERE xid = #{xid} AND branch_id = #{branchId} AND status = #{from}
			</script>""")
	int move(@Param("xid") String xid, @Param("branchId") long branchId, @Param("from") FreezeStatus from,
			@Param("to") FreezeStatus to, @Param("settledBy") String settledBy, @Param("now") LocalDateTime now);

	/**
	 * A refund's try claims {@code amount} of the captured payment it gives back (its
	 * live key), refunded by {@code refunder}, the payment's payee: 1 when there was
	 * room, 0 when the payment is not captured, is someone else's, or would be refunded
	 * beyond what was captured. The row lock serialises racing refunds of the same
	 * payment.
	 */
	@Update("""
			UPDATE freeze SET refund_claimed = refund_claimed + #{amount}
			 WHERE live_key = #{paymentKey} AND kind = 'PAYMENT' AND status = 'CONFIRMED'
			   AND payee_account_id = #{refunder} AND refund_claimed + #{amount} <= amount""")
	int claimRefund(@Param("paymentKey") String paymentKey, @Param("refunder") String refunder,
			@Param("amount") long amount);

	/** A released refund gives its claim back. */
	@Update("""
			UPDATE freeze SET refund_claimed = refund_claimed - #{amount}
			 WHERE live_key = #{paymentKey} AND kind = 'PAYMENT' AND status = 'CONFIRMED'
			   AND refund_claimed >= #{amount}""")
	int returnRefundClaim(@Param("paymentKey") String paymentKey, @Param("amount") long amount);

	/** Freezes still TRIED that were created before {@code cutoff}, oldest first. */
	@Select("SELECT * FROM freeze WHERE status = 'TRIED' AND created_at < #{cutoff} ORDER BY created_at LIMIT #{limit}")
	List<Freeze> triedBefore(@Param("cutoff") LocalDateTime cutoff, @Param("limit") int limit);

	@Select("SELECT * FROM freeze WHERE order_no = #{orderNo} ORDER BY freeze_id")
	List<Freeze> listByOrder(String orderNo);

	@Select("""
			<script>
			SELECT * FROM freeze WHERE account_id = #{accountId}
			<if test="status != null">AND status = #{status}</if>
			ORDER BY freeze_id DESC LIMIT #{limit}
			</script>""")
	List<Freeze> listByAccount(@Param("accountId") String accountId, @Param("status") FreezeStatus status,
			@Param("limit") int limit);

}
