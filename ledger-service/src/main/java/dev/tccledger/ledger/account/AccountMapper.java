package dev.tccledger.ledger.account;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface AccountMapper {

	@Insert("""
			INSERT INTO account (account_id, kind, currency, available, frozen, phone, created_at, updated_at)
			VALUES (#{accountId}, #{kind}, #{currency}, 0, 0, #{phone}, #{createdAt}, #{updatedAt})""")
	void insert(Account account);

	@Select("SELECT * FROM account WHERE account_id = #{accountId}")
	Account findById(String accountId);

	/**
	 * Moves balances of one account by signed deltas. The WHERE clause is the SQL half of
	 * I1 and of the currency rule: 0 rows means the move was refused and the caller must
	 * roll back.
	 */
	@Update("""
			UPDATE account
			   SET available = available + #{availableDelta},
			       frozen = frozen + #{frozenDelta},
			       updated_at = #{now}
			 WHERE account_id = #{accountId}
			   AND currency = #{currency}
			   AND (kind = 'SYSTEM' OR (available + #{availableDelta} >= 0 AND frozen + #{frozenDelta} >= 0))""")
	int applyDeltas(@Param("accountId") String accountId, @Param("currency") String currency,
			@Param("availableDelta") long availableDelta, @Param("frozenDelta") long frozenDelta,
			@Param("now") LocalDateTime now);

}
