package dev.tccledger.ledger.transfer;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
interface TransferMapper {

	record TransferRow(String transferId, String fromAccountId, String toAccountId, long amount, String actor,
			long journalTxId, LocalDateTime createdAt) {
	}

	@Insert("""
			INSERT INTO transfer (transfer_id, from_account_id, to_account_id, amount, actor, journal_tx_id, created_at)
			VALUES (#{transferId}, #{from}, #{to}, #{amount}, #{actor}, #{journalTxId}, #{now})""")
	void insert(@Param("transferId") String transferId, @Param("from") String from, @Param("to") String to,
			@Param("amount") long amount, @Param("actor") String actor, @Param("journalTxId") long journalTxId,
			@Param("now") LocalDateTime now);

	@Select("SELECT transfer_id, from_account_id, to_account_id, amount, actor, journal_tx_id, created_at FROM transfer WHERE transfer_id = #{transferId}")
	TransferRow find(String transferId);

}
