package dev.tccledger.ledger.journal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
interface JournalMapper {

	/** The generated id comes back in {@code row.journalTxId}. */
	@Insert("""
			INSERT INTO journal_tx (kind, currency, xid, branch_id, order_no, reference, created_by, actor, created_at)
			VALUES (#{kind}, #{currency}, #{xid}, #{branchId}, #{orderNo}, #{reference}, #{createdBy}, #{actor},
			        #{createdAt})""")
	@Options(useGeneratedKeys = true, keyProperty = "journalTxId", keyColumn = "journal_tx_id")
	void insertTx(JournalTxRow row);

	@Insert("""
			<script>
			INSERT INTO journal_line (journal_tx_id, account_id, bucket, delta, created_at) VALUES
			<foreach collection="lines" item="l" separator=",">
			  (#{txId}, #{l.accountId}, #{l.bucket}, #{l.delta}, #{now})
			</foreach>
			</script>""")
	void insertLines(@Param("txId") long txId, @Param("lines") List<Posting.Line> lines,
			@Param("now") LocalDateTime now);

	@Select("""
			SELECT l.journal_tx_id, t.kind, l.bucket, l.delta, t.xid, t.order_no, t.reference, t.created_by, l.created_at
			  FROM journal_line l JOIN journal_tx t ON t.journal_tx_id = l.journal_tx_id
			 WHERE l.account_id = #{accountId}
			 ORDER BY l.line_id DESC
			 LIMIT #{limit}""")
	List<JournalEntry> recentLines(@Param("accountId") String accountId, @Param("limit") int limit);

}
