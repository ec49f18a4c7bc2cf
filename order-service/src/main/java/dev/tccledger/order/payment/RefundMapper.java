package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Refunds, written like orders: every state change is a conditional update on the state
 * as read ({@link RefundStore}).
 */
@Mapper
interface RefundMapper {

	@Insert("""
			INSERT INTO refund (refund_no, order_no, amount, reason, status, request_hash, created_by, created_at, updated_at)
			VALUES (#{refundNo}, #{orderNo}, #{amount}, #{reason}, 'PENDING', #{requestHash}, #{createdBy}, #{createdAt}, #{updatedAt})""")
	void insert(Refund refund);

	@Insert("""
			<script>
			INSERT INTO refund_leg (refund_no, leg_no, account_id, amount) VALUES
			<foreach collection="legs" item="l" separator=",">(#{l.refundNo}, #{l.legNo}, #{l.accountId}, #{l.amount})</foreach>
			</script>""")
	void insertLegs(@Param("legs") List<RefundLeg> legs);

	@Select("SELECT * FROM refund WHERE refund_no = #{refundNo}")
	Refund find(String refundNo);

	@Select("SELECT * FROM refund_leg WHERE refund_no = #{refundNo} ORDER BY leg_no")
	List<RefundLeg> legs(String refundNo);

	@Select("SELECT * FROM refund WHERE order_no = #{orderNo} ORDER BY created_at, refund_no")
	List<Refund> ofOrder(String orderNo);

	/** Per paying account of the order, what its SUCCEEDED refunds gave back. */
	@Select("""
			SELECT l.account_id AS account_id, SUM(l.amount) AS refunded FROM refund r
			  JOIN refund_leg l ON l.refund_no = r.refund_no
			 WHERE r.order_no = #{orderNo} AND r.status = 'SUCCEEDED'
			 GROUP BY l.account_id""")
	List<AccountRefunded> refundedByAccount(String orderNo);

	/** One row of {@link #refundedByAccount}; set by MyBatis (field access). */
	final class AccountRefunded {

		private String accountId;

		private long refunded;

		private AccountRefunded() {
		}

		String accountId() {
			return this.accountId;
		}

		long refunded() {
			return this.refunded;
		}

	}

	@Update("UPDATE refund_leg SET freeze_id = #{freezeId} WHERE refund_no = #{refundNo} AND leg_no = #{legNo}")
	void setFreezeId(@Param("refundNo") String refundNo, @Param("legNo") int legNo, @Param("freezeId") long freezeId);

	/** The global transaction, recorded before any branch exists (as for orders). */
	@Update("""
			UPDATE refund SET xid = #{xid}, updated_at = #{now}
			 WHERE refund_no = #{refundNo} AND status = 'PENDING' AND xid IS NULL""")
	int attachTransaction(@Param("refundNo") String refundNo, @Param("xid") String xid,
			@Param("now") LocalDateTime now);

	/**
	 * One transition {@link RefundRules} decided, written only if the refund still stands
	 * where it was read. A failure already recorded is kept.
	 */
	@Update("""
			<script>
			UPDATE refund SET status = #{to}, xid = #{xid,jdbcType=VARCHAR}, branch_id = #{branchId,jdbcType=BIGINT},
			       failure = COALESCE(failure, #{failure,jdbcType=VARCHAR}),
			       failure_detail = COALESCE(failure_detail, #{detail,jdbcType=VARCHAR}), updated_at = #{now}
			 WHERE refund_no = #{refundNo} AND status = #{from}
			   AND <choose><when test="fromXid == null">xid IS NULL</when><otherwise>xid = #{fromXid}</otherwise></choose>
			   AND <choose><when test="fromBranchId == null">branch_id IS NULL</when><otherwise>branch_id = #{fromBranchId}</otherwise></choose>
			</script>""")
	int transition(@Param("refundNo") String refundNo, @Param("from") RefundStatus from,
			@Param("fromXid") String fromXid, @Param("fromBranchId") Long fromBranchId, @Param("to") RefundStatus to,
			@Param("xid") String xid, @Param("branchId") Long branchId, @Param("failure") String failure,
			@Param("detail") String detail, @Param("now") LocalDateTime now);

	/** Why the refund is being rolled back, before the TC's cancel marks it FAILED. */
	@Update("""
			UPDATE refund SET failure = #{failure}, failure_detail = #{detail}, updated_at = #{now}
			 WHERE refund_no = #{refundNo} AND status = 'PENDING' AND failure IS NULL""")
	int recordFailure(@Param("refundNo") String refundNo, @Param("failure") String failure,
			@Param("detail") String detail, @Param("now") LocalDateTime now);

	/**
	 * The order gives {@code amount} more back: in the refund's confirm, with the refund
	 * moving to SUCCEEDED. Never beyond what was paid (also a CHECK).
	 */
	@Update("""
			UPDATE orders SET refunded = refunded + #{amount}, updated_at = #{now}
			 WHERE order_no = #{orderNo} AND status = 'PAID' AND refunded + #{amount} <= amount""")
	int addRefunded(@Param("orderNo") String orderNo, @Param("amount") long amount, @Param("now") LocalDateTime now);

	@Select("SELECT * FROM refund WHERE status = 'PENDING' AND created_at < #{before} ORDER BY created_at LIMIT #{limit}")
	List<Refund> pendingBefore(@Param("before") LocalDateTime before, @Param("limit") int limit);

}
