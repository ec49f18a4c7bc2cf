package dev.tccledger.ledger.withdrawal;

import java.time.LocalDateTime;
import java.util.List;

import dev.tccledger.ledger.outbound.OutboundStatus;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * State changes are conditional updates ({@code WHERE status = #{from}}, a lease held):
 * the one that matched no row lost a race and changes nothing.
 */
@Mapper
interface WithdrawalMapper {

	@Insert("""
			INSERT INTO withdrawal (withdrawal_no, account_id, amount, currency, destination, channel, status,
			                        requested_by, created_at, updated_at)
			VALUES (#{withdrawalNo}, #{accountId}, #{amount}, #{currency}, #{destination}, #{channel}, 'PROCESSING',
			        #{requestedBy}, #{now}, #{now})""")
	void insert(@Param("withdrawalNo") String withdrawalNo, @Param("accountId") String accountId,
			@Param("amount") long amount, @Param("currency") String currency, @Param("destination") String destination,
			@Param("channel") String channel, @Param("requestedBy") String requestedBy,
			@Param("now") LocalDateTime now);

	@Select("SELECT * FROM withdrawal WHERE withdrawal_no = #{withdrawalNo}")
	Withdrawal find(String withdrawalNo);

	/**
	 * The one write of every transition. {@code reason}, {@code channelTxId} and
	 * {@code note} are kept when null.
	 */
	@Update("""
			UPDATE withdrawal SET status = #{to}, settled_by = #{settledBy},
			       reason = COALESCE(#{reason}, reason), channel_tx_id = COALESCE(#{channelTxId}, channel_tx_id),
			       resolution_note = COALESCE(#{note}, resolution_note), updated_at = #{now}
			 WHERE withdrawal_no = #{withdrawalNo} AND status = #{from}""")
	int move(@Param("withdrawalNo") String withdrawalNo, @Param("from") OutboundStatus from,
			@Param("to") OutboundStatus to, @Param("settledBy") String settledBy, @Param("reason") String reason,
			@Param("channelTxId") String channelTxId, @Param("note") String note, @Param("now") LocalDateTime now);

	@Update("UPDATE withdrawal SET flag = #{flag}, updated_at = #{now} WHERE withdrawal_no = #{withdrawalNo}")
	int flag(@Param("withdrawalNo") String withdrawalNo, @Param("flag") String flag, @Param("now") LocalDateTime now);

	@Select("""
			SELECT * FROM withdrawal WHERE status = #{status}
			 ORDER BY created_at LIMIT #{limit}""")
	List<Withdrawal> listByStatus(@Param("status") OutboundStatus status, @Param("limit") int limit);

}
