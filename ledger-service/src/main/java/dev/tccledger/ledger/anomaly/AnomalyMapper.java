package dev.tccledger.ledger.anomaly;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
interface AnomalyMapper {

	/** Insert first; a repeat of the same (kind, branch) only counts. */
	@Insert("""
			INSERT INTO anomaly (kind, xid, branch_id, detail, occurrences, escalated, created_at, last_seen_at)
			VALUES (#{kind}, #{xid}, #{branchId}, #{detail}, 1, #{escalated}, #{now}, #{now})
			ON DUPLICATE KEY UPDATE occurrences = occurrences + 1, last_seen_at = #{now}""")
	void upsert(@Param("kind") AnomalyKind kind, @Param("xid") String xid, @Param("branchId") long branchId,
			@Param("detail") String detail, @Param("escalated") boolean escalated, @Param("now") LocalDateTime now);

	@Select("""
			<script>
			SELECT * FROM anomaly
			<where>
			  <if test="kind != null">kind = #{kind}</if>
			  <if test="unresolvedOnly">AND escalated = TRUE AND resolved_at IS NULL</if>
			</where>
			ORDER BY anomaly_id DESC LIMIT #{limit}
			</script>""")
	List<Anomaly> list(@Param("kind") AnomalyKind kind, @Param("unresolvedOnly") boolean unresolvedOnly,
			@Param("limit") int limit);

	@Select("SELECT * FROM anomaly WHERE anomaly_id = #{id}")
	Anomaly findById(long id);

	@Select("SELECT COUNT(*) FROM anomaly WHERE kind = #{kind} AND xid = #{xid} AND branch_id = #{branchId} AND resolved_at IS NOT NULL")
	int countResolved(@Param("kind") AnomalyKind kind, @Param("xid") String xid, @Param("branchId") long branchId);

	@Update("""
			UPDATE anomaly SET resolved_by = #{by}, resolution_note = #{note}, resolved_at = #{now}
			 WHERE anomaly_id = #{id} AND escalated = TRUE AND resolved_at IS NULL""")
	int resolve(@Param("id") long id, @Param("by") String by, @Param("note") String note,
			@Param("now") LocalDateTime now);

}
