package dev.tccledger.ledger.withdrawal;

import java.time.LocalDateTime;
import java.util.List;

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
	int move(@Param("withdrawalNo") String withdrawalNo, @Param("from") WithdrawalStatus from,
			@Param("to") WithdrawalStatus to, @Param("settledBy") String settledBy, @Param("reason") String reason,
			@Param("channelTxId") String channelTxId, @Param("note") String note, @Param("now") LocalDateTime now);

	@Update("UPDATE withdrawal SET flag = #{flag}, updated_at = #{now} WHERE withdrawal_no = #{withdrawalNo}")
	int flag(@Param("withdrawalNo") String withdrawalNo, @Param("flag") String flag, @Param("now") LocalDateTime now);

	@Select("""
			SELECT * FROM withdrawal WHERE status = #{status}
			 ORDER BY created_at LIMIT #{limit}""")
	List<Withdrawal> listByStatus(@Param("status") WithdrawalStatus status, @Param("limit") int limit);

	@Insert("""
			INSERT INTO payout_task (withdrawal_no, next_step, next_attempt_at, attempts, failed_calls, answers,
			                         created_at, updated_at)
			VALUES (#{withdrawalNo}, 'SUBMIT', #{now}, 0, 0, '', #{now}, #{now})""")
	void insertTask(@Param("withdrawalNo") String withdrawalNo, @Param("now") LocalDateTime now);

	@Select("SELECT * FROM payout_task WHERE withdrawal_no = #{withdrawalNo}")
	PayoutTask findTask(String withdrawalNo);

	/** Tasks due and not leased, oldest first: candidates, each still to be claimed. */
	@Select("""
			SELECT withdrawal_no FROM payout_task
			 WHERE next_attempt_at <= #{now} AND (lease_until IS NULL OR lease_until < #{now})
			 ORDER BY next_attempt_at LIMIT #{limit}""")
	List<String> due(@Param("now") LocalDateTime now, @Param("limit") int limit);

	/**
	 * Takes the task's lease if it is still due and nobody holds an unexpired lease: 1
	 * for the one worker that wins, 0 for every other.
	 */
	@Update("""
			UPDATE payout_task SET lease_owner = #{owner}, lease_until = #{until}
			 WHERE withdrawal_no = #{withdrawalNo} AND next_attempt_at <= #{now}
			   AND (lease_until IS NULL OR lease_until < #{now})""")
	int claim(@Param("withdrawalNo") String withdrawalNo, @Param("owner") String owner,
			@Param("until") LocalDateTime until, @Param("now") LocalDateTime now);

	/**
	 * Records one call's result and the next step, and lets go of the lease; only while
	 * {@code owner} still holds it (a worker whose lease expired writes nothing).
	 * {@code nextAttemptAt} null: the task is done.
	 */
	@Update("""
			UPDATE payout_task SET next_step = #{step}, next_attempt_at = #{nextAttemptAt},
			       attempts = attempts + 1, failed_calls = failed_calls + #{failed},
			       first_sent_at = COALESCE(first_sent_at, #{sentAt}), answers = #{answers},
			       lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE withdrawal_no = #{withdrawalNo} AND lease_owner = #{owner}""")
	int recordCall(@Param("withdrawalNo") String withdrawalNo, @Param("owner") String owner,
			@Param("step") PayoutTask.Step step, @Param("nextAttemptAt") LocalDateTime nextAttemptAt,
			@Param("failed") int failed, @Param("sentAt") LocalDateTime sentAt, @Param("answers") String answers,
			@Param("now") LocalDateTime now);

	/** Nothing left to do: the withdrawal is settled or with a person. */
	@Update("""
			UPDATE payout_task SET next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = #{now}
			 WHERE withdrawal_no = #{withdrawalNo}""")
	int finishTask(@Param("withdrawalNo") String withdrawalNo, @Param("now") LocalDateTime now);

}
