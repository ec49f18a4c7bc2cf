package dev.tccledger.ledger.recharge;

import java.time.LocalDateTime;
import java.util.List;

import dev.tccledger.ledger.outbound.OutboundStatus;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * State changes are conditional updates ({@code WHERE status = #{from}}): the one that
 * matched no row lost a race and changes nothing.
 */
@Mapper
interface RechargeRefundMapper {

	@Insert("""
			INSERT INTO recharge_refund (refund_no, recharge_no, account_id, amount, currency, channel, status,
			                             requested_by, created_at, updated_at)
			VALUES (#{refundNo}, #{rechargeNo}, #{accountId}, #{amount}, #{currency}, #{channel}, 'PROCESSING',
			        #{requestedBy}, #{now}, #{now})""")
	void insert(@Param("refundNo") String refundNo, @Param("rechargeNo") String rechargeNo,
			@Param("accountId") String accountId, @Param("amount") long amount, @Param("currency") String currency,
			@Param("channel") String channel, @Param("requestedBy") String requestedBy,
			@Param("now") LocalDateTime now);

	@Select("SELECT * FROM recharge_refund WHERE refund_no = #{refundNo}")
	RechargeRefund find(String refundNo);

	/**
	 * What the recharge's refunds hold or have given back: all but the FAILED ones. Read
	 * under the recharge's row lock, so two holds never both fit in what is left.
	 */
	@Select("""
			SELECT COALESCE(SUM(amount), 0) FROM recharge_refund
			 WHERE recharge_no = #{rechargeNo} AND status <> 'FAILED'""")
	long refunding(String rechargeNo);

	/**
	 * The one write of every transition. {@code reason}, {@code channelTxId} and
	 * {@code note} are kept when null.
	 */
	@Update("""
			UPDATE recharge_refund SET status = #{to}, settled_by = #{settledBy},
			       reason = COALESCE(#{reason}, reason), channel_tx_id = COALESCE(#{channelTxId}, channel_tx_id),
			       resolution_note = COALESCE(#{note}, resolution_note), updated_at = #{now}
			 WHERE refund_no = #{refundNo} AND status = #{from}""")
	int move(@Param("refundNo") String refundNo, @Param("from") OutboundStatus from, @Param("to") OutboundStatus to,
			@Param("settledBy") String settledBy, @Param("reason") String reason,
			@Param("channelTxId") String channelTxId, @Param("note") String note, @Param("now") LocalDateTime now);

	@Update("UPDATE recharge_refund SET flag = #{flag}, updated_at = #{now} WHERE refund_no = #{refundNo}")
	int flag(@Param("refundNo") String refundNo, @Param("flag") String flag, @Param("now") LocalDateTime now);

	@Select("""
			SELECT * FROM recharge_refund WHERE status = #{status}
			 ORDER BY created_at LIMIT #{limit}""")
	List<RechargeRefund> listByStatus(@Param("status") OutboundStatus status, @Param("limit") int limit);

}
