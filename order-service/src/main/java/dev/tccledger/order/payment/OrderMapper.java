package dev.tccledger.order.payment;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Every state change is a conditional update on the order's state as read: the row count
 * says whether this call made the change, so a repeated phase call never applies twice
 * and a change decided on a stale read is decided again ({@link OrderStore}).
 */
@Mapper
interface OrderMapper {

	@Insert("""
			INSERT INTO orders (order_no, payee_account_id, currency, amount, status, request_hash, created_by, created_at, updated_at)
			VALUES (#{orderNo}, #{payeeAccountId}, #{currency}, #{amount}, 'PENDING', #{requestHash}, #{createdBy}, #{createdAt}, #{updatedAt})""")
	void insert(Order order);

	@Insert("""
			<script>
			INSERT INTO order_leg (order_no, leg_no, account_id, amount) VALUES
			<foreach collection="legs" item="l" separator=",">(#{l.orderNo}, #{l.legNo}, #{l.accountId}, #{l.amount})</foreach>
			</script>""")
	void insertLegs(@Param("legs") List<OrderLeg> legs);

	@Select("SELECT * FROM orders WHERE order_no = #{orderNo}")
	Order find(String orderNo);

	@Select("SELECT * FROM order_leg WHERE order_no = #{orderNo} ORDER BY leg_no")
	List<OrderLeg> legs(String orderNo);

	@Update("UPDATE order_leg SET freeze_id = #{freezeId} WHERE order_no = #{orderNo} AND leg_no = #{legNo}")
	void setFreezeId(@Param("orderNo") String orderNo, @Param("legNo") int legNo, @Param("freezeId") long freezeId);

	/**
	 * Records the global transaction on the order before any branch exists, so that
	 * recovery can always ask the TC and the ledger about it.
	 */
	@Update("""
			UPDATE orders SET xid = #{xid}, updated_at = #{now}
			 WHERE order_no = #{orderNo} AND status = 'PENDING' AND xid IS NULL""")
	int attachTransaction(@Param("orderNo") String orderNo, @Param("xid") String xid, @Param("now") LocalDateTime now);

	/**
	 * One transition {@link OrderRules} decided, written only if the order still stands
	 * where it was read ({@code from}, {@code fromXid}, {@code fromBranchId}). A reason
	 * already recorded (the TM records why before the TC cancels) is kept; PAID clears
	 * it.
	 */
	@Update("""
			<script>
			UPDATE orders SET status = #{to}, xid = #{xid,jdbcType=VARCHAR}, branch_id = #{branchId,jdbcType=BIGINT},
			<choose>
			  <when test="to.name() == 'PAID'">reason = NULL, reason_detail = NULL,</when>
			  <otherwise>reason = COALESCE(reason, #{reason,jdbcType=VARCHAR}),
			             reason_detail = COALESCE(reason_detail, #{detail,jdbcType=VARCHAR}),</otherwise>
			</choose>
			       updated_at = #{now}
			 WHERE order_no = #{orderNo} AND status = #{from}
			   AND <choose><when test="fromXid == null">xid IS NULL</when><otherwise>xid = #{fromXid}</otherwise></choose>
			   AND <choose><when test="fromBranchId == null">branch_id IS NULL</when><otherwise>branch_id = #{fromBranchId}</otherwise></choose>
			</script>""")
	int transition(@Param("orderNo") String orderNo, @Param("from") OrderStatus from, @Param("fromXid") String fromXid,
			@Param("fromBranchId") Long fromBranchId, @Param("to") OrderStatus to, @Param("xid") String xid,
			@Param("branchId") Long branchId, @Param("reason") String reason, @Param("detail") String detail,
			@Param("now") LocalDateTime now);

	/**
	 * Records why the payment is being rolled back, before the TC's cancel marks it
	 * FAILED.
	 */
	@Update("""
			UPDATE orders SET reason = #{reason}, reason_detail = #{detail}, updated_at = #{now}
			 WHERE order_no = #{orderNo} AND status = 'PENDING' AND reason IS NULL""")
	int recordReason(@Param("orderNo") String orderNo, @Param("reason") String reason, @Param("detail") String detail,
			@Param("now") LocalDateTime now);

	/**
	 * A rollback the TC decided on its own (timeout) replaces the generic cancel reason.
	 */
	@Update("""
			UPDATE orders SET reason = #{reason}, reason_detail = #{detail}, updated_at = #{now}
			 WHERE order_no = #{orderNo} AND status = 'FAILED' AND reason = 'ROLLED_BACK'""")
	int refineReason(@Param("orderNo") String orderNo, @Param("reason") String reason, @Param("detail") String detail,
			@Param("now") LocalDateTime now);

	@Select("SELECT * FROM orders WHERE status = 'PENDING' AND created_at < #{before} ORDER BY created_at LIMIT #{limit}")
	List<Order> pendingBefore(@Param("before") LocalDateTime before, @Param("limit") int limit);

}
