package dev.tccledger.ledger.recharge;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
interface RechargeMapper {

	@Insert("""
			INSERT INTO recharge (recharge_no, account_id, channel, amount, currency, status, actor, expires_at,
			                      created_at, updated_at)
			VALUES (#{r.rechargeNo}, #{r.accountId}, #{r.channel}, #{r.amount}, #{r.currency}, 'PENDING', #{r.actor},
			        #{r.expiresAt}, #{r.createdAt}, #{r.createdAt})""")
	void insert(@Param("r") Recharge recharge);

	@Select("SELECT * FROM recharge WHERE recharge_no = #{rechargeNo}")
	Recharge find(String rechargeNo);

	/**
	 * Locks the row (an existing primary key: no gap lock) until the transaction ends.
	 */
	@Select("SELECT * FROM recharge WHERE recharge_no = #{rechargeNo} FOR UPDATE")
	Recharge lock(String rechargeNo);

	@Update("""
			UPDATE recharge SET channel_tx_id = #{channelTxId}, updated_at = #{now}
			 WHERE recharge_no = #{rechargeNo} AND channel_tx_id IS NULL""")
	int setChannelTxId(@Param("rechargeNo") String rechargeNo, @Param("channelTxId") String channelTxId,
			@Param("now") LocalDateTime now);

	/** The transition, only if no one moved the recharge since it was read. */
	@Update("""
			UPDATE recharge SET status = #{to}, reason = #{reason}, flag = COALESCE(#{flag}, flag),
			       journal_tx_id = #{journalTxId}, settled_by = #{settledBy}, updated_at = #{now}
			 WHERE recharge_no = #{rechargeNo} AND status = #{from}""")
	int transition(@Param("rechargeNo") String rechargeNo, @Param("from") RechargeStatus from,
			@Param("to") RechargeStatus to, @Param("reason") String reason, @Param("flag") String flag,
			@Param("journalTxId") Long journalTxId, @Param("settledBy") String settledBy,
			@Param("now") LocalDateTime now);

	@Select("""
			SELECT * FROM recharge WHERE status = 'PENDING' AND created_at < #{before}
			 ORDER BY created_at LIMIT #{limit}""")
	List<Recharge> pendingBefore(@Param("before") LocalDateTime before, @Param("limit") int limit);

}
