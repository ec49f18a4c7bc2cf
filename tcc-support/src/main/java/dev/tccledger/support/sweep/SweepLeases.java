package dev.tccledger.support.sweep;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hands out this instance's leases on the service's {@code sweep_lease} table. The owner
 * id names the host and process (for an operator reading the table) plus a random part
 * (so a restarted process is another owner and waits for its predecessor's lease to
 * expire, if it died holding one).
 */
public final class SweepLeases {

	private final JdbcTemplate jdbc;

	private final String owner;

	private final Clock clock;

	public SweepLeases(JdbcTemplate jdbc, String owner, Clock clock) {
		this.jdbc = jdbc;
		this.owner = owner;
		this.clock = clock;
	}

	public SweepLeases(JdbcTemplate jdbc) {
		this(jdbc, instanceId(), Clock.systemUTC());
	}

	public SweepLease lease(String name, Duration ttl) {
		return new SweepLease(this.jdbc, name, this.owner, ttl, this.clock);
	}

	static String instanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		String id = host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
				+ UUID.randomUUID().toString().substring(0, 8);
		return (id.length() <= 128) ? id : id.substring(id.length() - 128);
	}

}
