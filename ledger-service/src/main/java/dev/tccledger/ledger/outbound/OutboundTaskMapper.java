package dev.tccledger.ledger.outbound;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * The task tables of every kind have the same columns but their key's name: {@code table}
 * and {@code key} come from {@link OutboundKind} (constants, never input). Claims and
 * records are conditional updates: the worker that matched no row lost the race and does
 * nothing.
 */
@Mapper
interface OutboundTaskMapper {

	@Insert("""
			INSERT INTO ${table} (${key}, next_step, next_attempt_at, attempts, failed_calls, answers,
			                      created_at, updated_at)
			VALUES (#{no}, 'SUBMIT', #{now}, 0, 0, '', #{now}, #{now})""")
	void insert(@Param("table") String table, @Param("key") String key, @Param("no") String no,
			@Param("now") LocalDateTime now);

	@Select("""
			SELECT ${key} AS task_no, next_step, next_attempt_at, attempts, failed_calls, first_sent_at, answers,
			       lease_owner, lease_until
			  FROM ${table} WHERE ${key} = #{no}""")
	OutboundTask find(@Param("table") String table, @Param("key") String key, @Param("no") String no);

	/** Tasks due and not leased, oldest first: candidates, each still to be claimed. */
	@Select("""
			SELECT ${key} FROM ${table}
			 WHERE next_attempt_at <= #{now} AND (lease_until IS NULL OR lease_until < #{now})
			 ORDER BY next_attempt_at LIMIT #{limit}""")
	List<String> due(@Param("table") String table, @Param("key") String key, @Param("now") LocalDateTime now,
			@Param("limit") int limit);

	/**
	 * Takes the task's lease if it is still due and nobody holds an unexpired lease: 1
	 * for the one worker that wins, 0 for every other.
	 */
	@Update("""
			UPDATE ${table} SET lease_owner = #{owner}, lease_until = #{until}
			 WHERE ${key} = #{no} AND next_attempt_at <= #{now}
			   AND (lease_until IS NULL OR lease_until < #{now})""")
	int claim(@Param("table") String table, @Param("key") String key, @Param("no") String no,
			@Param("owner") String owner, @Param("until") LocalDateTime until, @Param("now") LocalDateTime now);

	/**
	 * Records one call's result and the next step, and lets go of the lease; only while
	 * {@code owner} still holds it (a worker whose lease expired writes nothing).
	 * {@code nextAttemptAt} null: the task is done.
	 */
	@Update("""
			UPDATE ${table} SET next_step = #{step}, next_attempt_at = #{nextAttemptAt},
			       attempts = attempts + 1, failed_calls = failed_calls + #{failed},
			       first_sent_at = COALESCE(first_sent_at, #{sentAt}), answers = #{answers},
			       lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE ${key} = #{no} AND lease_owner = #{owner}""")
	int recordCall(@Param("table") String table, @Param("key") String key, @Param("no") String no,
			@Param("owner") String owner, @Param("step") OutboundTask.Step step,
			@Param("nextAttemptAt") LocalDateTime nextAttemptAt, @Param("failed") int failed,
			@Param("sentAt") LocalDateTime sentAt, @Param("answers") String answers, @Param("now") LocalDateTime now);

	/** Nothing left to do: the operation is settled or with a person. */
	@Update("""
			UPDATE ${table} SET next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE ${key} = #{no}""")
	int finish(@Param("table") String table, @Param("key") String key, @Param("no") String no,
			@Param("now") LocalDateTime now);

}
