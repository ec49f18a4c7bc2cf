package dev.tccledger.ledger.finance;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import dev.tccledger.ledger.channel.ChannelOperation;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.SelectProvider;
import org.apache.ibatis.annotations.Update;

/**
 * The channel reconciliation's runs (sql/ledger/V7__channel_reconciliation.sql) and its
 * reads of the ledger's channel operations ({@link ChannelBooks}).
 */
@Mapper
interface ChannelReconciliationMapper {

	record Run(String channel, LocalDate statementDay, Integer statementLines, Integer matched, Integer runs,
			String ranBy, LocalDateTime finishedAt) {
	}

	/** A stored difference; times UTC. */
	record ItemRow(String difference, ChannelOperation operation, String reference, String channelTxId,
			Long ledgerAmount, String ledgerCurrency, String ledgerStatus, Long channelAmount, String channelCurrency,
			String channelStatus, LocalDateTime channelSettledAt) {
	}

	@SelectProvider(type = ChannelBooksSql.class, method = "byReferences")
	List<StatementMatcher.LedgerOperation> byReferences(@Param("books") ChannelBooks books,
			@Param("channel") String channel, @Param("references") List<String> references);

	@SelectProvider(type = ChannelBooksSql.class, method = "settledBetween")
	List<StatementMatcher.LedgerOperation> settledBetween(@Param("books") ChannelBooks books,
			@Param("channel") String channel, @Param("from") LocalDateTime from, @Param("to") LocalDateTime to);

	/** The first claim of a day; a duplicate key says it was claimed before. */
	@Insert("""
			INSERT INTO channel_reconciliation (channel, statement_day, runs, lease_owner, lease_until, created_at, updated_at)
			VALUES (#{channel}, #{day}, 0, #{owner}, #{until}, #{now}, #{now})""")
	void insertClaim(@Param("channel") String channel, @Param("day") LocalDate day, @Param("owner") String owner,
			@Param("until") LocalDateTime until, @Param("now") LocalDateTime now);

	/**
	 * Claims a day claimed before, unless another holder's lease is still running; a
	 * scheduled claim ({@code rerun} false) only takes a day no run has finished.
	 */
	@Update("""
			UPDATE channel_reconciliation SET lease_owner = #{owner}, lease_until = #{until}, updated_at = #{now}
			 WHERE channel = #{channel} AND statement_day = #{day}
			   AND (lease_until IS NULL OR lease_until < #{now})
			   AND (#{rerun} OR finished_at IS NULL)""")
	int takeClaim(@Param("channel") String channel, @Param("day") LocalDate day, @Param("owner") String owner,
			@Param("until") LocalDateTime until, @Param("now") LocalDateTime now, @Param("rerun") boolean rerun);

	@Update("""
			UPDATE channel_reconciliation SET lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE channel = #{channel} AND statement_day = #{day} AND lease_owner = #{owner}""")
	int releaseClaim(@Param("channel") String channel, @Param("day") LocalDate day, @Param("owner") String owner,
			@Param("now") LocalDateTime now);

	/** The run's result, written only while its claim is held. */
	@Update("""
			UPDATE channel_reconciliation
			   SET statement_lines = #{r.statementLines}, matched = #{r.matched}, only_at_channel = #{onlyAtChannel},
			       only_in_ledger = #{onlyInLedger}, mismatched = #{mismatched}, runs = runs + 1, ran_by = #{ranBy},
			       finished_at = #{now}, lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE channel = #{channel} AND statement_day = #{day} AND lease_owner = #{owner}""")
	int finish(@Param("channel") String channel, @Param("day") LocalDate day, @Param("owner") String owner,
			@Param("r") StatementMatcher.Result result, @Param("onlyAtChannel") int onlyAtChannel,
			@Param("onlyInLedger") int onlyInLedger, @Param("mismatched") int mismatched, @Param("ranBy") String ranBy,
			@Param("now") LocalDateTime now);

	@Delete("DELETE FROM channel_reconciliation_item WHERE channel = #{channel} AND statement_day = #{day}")
	int deleteItems(@Param("channel") String channel, @Param("day") LocalDate day);

	@Insert("""
			INSERT INTO channel_reconciliation_item (channel, statement_day, seq, difference, operation, reference,
			       channel_tx_id, ledger_amount, ledger_currency, ledger_status, channel_amount, channel_currency,
			       channel_status, channel_settled_at)
			VALUES (#{channel}, #{day}, #{seq}, #{i.difference}, #{i.operation}, #{i.reference}, #{i.channelTxId},
			       #{i.ledgerAmount}, #{i.ledgerCurrency}, #{i.ledgerStatus}, #{i.channelAmount}, #{i.channelCurrency},
			       #{i.channelStatus}, #{settledAt})""")
	void insertItem(@Param("channel") String channel, @Param("day") LocalDate day, @Param("seq") int seq,
			@Param("i") StatementMatcher.Item item, @Param("settledAt") LocalDateTime settledAt);

	@Select("""
			SELECT channel, statement_day, statement_lines, matched, runs, ran_by, finished_at
			  FROM channel_reconciliation WHERE channel = #{channel} AND statement_day = #{day}""")
	Run find(@Param("channel") String channel, @Param("day") LocalDate day);

	@Select("""
			SELECT difference, operation, reference, channel_tx_id, ledger_amount, ledger_currency, ledger_status,
			       channel_amount, channel_currency, channel_status, channel_settled_at
			  FROM channel_reconciliation_item WHERE channel = #{channel} AND statement_day = #{day} ORDER BY seq""")
	List<ItemRow> items(@Param("channel") String channel, @Param("day") LocalDate day);

}
