package dev.tccledger.ledger.deposit;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
interface DepositMapper {

	record DepositRow(String reference, String accountId, long amount, String reason, String actor, long journalTxId,
			LocalDateTime createdAt) {
	}

	@Insert("""
			INSERT INTO deposit (reference, account_id, amount, reason, actor, journal_tx_id, created_at)
			VALUES (#{reference}, #{accountId}, #{amount}, #{reason}, #{actor}, #{journalTxId}, #{now})""")
	void insert(@Param("reference") String reference, @Param("accountId") String accountId,
			@Param("amount") long amount, @Param("reason") String reason, @Param("actor") String actor,
			@Param("journalTxId") long journalTxId, @Param("now") LocalDateTime now);

	@Select("SELECT reference, account_id, amount, reason, actor, journal_tx_id, created_at FROM deposit WHERE reference = #{reference}")
	DepositRow find(String reference);

}
