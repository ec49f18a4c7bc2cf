package dev.tccledger.ledger.channel;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface ChannelCallbackMapper {

	@Insert("""
			INSERT INTO channel_callback (channel, event_id, operation, reference, verdict, detail, body, received_at)
			VALUES (#{channel}, #{eventId}, #{operation}, #{reference}, #{verdict}, #{detail}, #{body}, #{now})""")
	void insert(@Param("channel") String channel, @Param("eventId") String eventId,
			@Param("operation") String operation, @Param("reference") String reference,
			@Param("verdict") String verdict, @Param("detail") String detail, @Param("body") String body,
			@Param("now") LocalDateTime now);

}
