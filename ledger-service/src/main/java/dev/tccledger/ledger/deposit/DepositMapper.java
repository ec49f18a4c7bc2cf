package dev.tccledger.ledger.deposit;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
interface DepositMapper {

	record DepositRow(String reference, String accountId, long amount, long journalTxId, LocalDateTime createdAt) {
	}

	@Insert("""
			INSERT INTO deposit (reference, account_id, amount, journal_tx_id, created_at)
			VALUES (#{reference}, #{accountId}, #{amount}, #{journalTxId}, #{now})""")
	void insert(@Param("reference") String reference, @Param("accountId") String accountId,
			@Param("amount") long amount, @Param("journalTxId") long journalTxId, @Param("now") LocalDateTime now);

	@Select("SELECT * FROM deposit WHERE reference = #{reference}")
	DepositRow find(String reference);

}
