package dev.tccledger.system;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tccledger.support.tcauth.TcAuthEnvironmentPostProcessor;
import io.seata.core.model.GlobalStatus;
import io.seata.core.rpc.netty.AbstractNettyRemotingClient;
import io.seata.core.rpc.netty.RmNettyRemotingClient;
import io.seata.core.rpc.netty.TmNettyRemotingClient;
import io.seata.rm.RMClient;
import io.seata.tm.TMClient;
import io.seata.tm.TransactionManagerHolder;
import io.seata.tm.api.GlobalTransaction;
import io.seata.tm.api.GlobalTransactionContext;

import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

/**
 * A Seata client in a process of its own, for TcRegistrationE2EIT: Seata's TM and RM are
 * one per JVM. It runs inside ledger-service's jar (Spring Boot's PropertiesLauncher with
 * this class on loader.path), so it registers as the services do: Seata's own client
 * configured by the Seata starter's environment post-processors, with tcc-support's
 * post-processor resolving the secret ({@code -Dtcc.tc-auth.secret}, or the embedded
 * default's development secret) and its RpcHook signing; only the rest of Spring is left
 * out. {@code -Dprobe.credential=none} skips tcc-support's post-processor: no credential.
 * <p>
 * Settings as system properties ({@code seata.application-id},
 * {@code service.default.grouplist}, ...). Arguments: {@code register}, {@code begin},
 * {@code commit xid}, {@code status xid}. Prints {@code TM_CHANNELS=n RM_CHANNELS=n},
 * then {@code XID=...}, {@code STATUS=...} or {@code FAILED=...}.
 */
public final class RegistrationProbe {

	static final String GROUP = "tcc-ledger-group";

	private RegistrationProbe() {
	}

	public static void main(String[] args) throws Exception {
		String applicationId = System.getProperty("seata.application-id");
		ConfigurableEnvironment environment = new StandardEnvironment();
		List<EnvironmentPostProcessor> postProcessors = new ArrayList<>();
		// Seata's starter, by name: only the services' jar holds it
		for (String seatas : List.of("SeataCoreEnvironmentPostProcessor", "SeataClientEnvironmentPostProcessor")) {
			postProcessors.add((EnvironmentPostProcessor) Class.forName("io.seata.spring.boot.autoconfigure." + seatas)
				.getDeclaredConstructor()
				.newInstance());
		}
		if (!"none".equals(System.getProperty("probe.credential"))) {
			postProcessors.add(new TcAuthEnvironmentPostProcessor());
		}
		for (EnvironmentPostProcessor postProcessor : postProcessors) {
			postProcessor.postProcessEnvironment(environment, null);
		}
		String command = args[0];
		int exit = 0;
		try {
			TMClient.init(applicationId, GROUP);
			RMClient.init(applicationId, GROUP);
			connect(RmNettyRemotingClient.getInstance());
			System.out.println("TM_CHANNELS=" + active(TmNettyRemotingClient.getInstance()) + " RM_CHANNELS="
					+ active(RmNettyRemotingClient.getInstance()));
			switch (command) {
				case "register" -> {
				}
				case "begin" -> {
					GlobalTransaction tx = GlobalTransactionContext.getCurrentOrCreate();
					tx.begin(120_000, "registration-probe");
					System.out.println("XID=" + tx.getXid());
				}
				case "commit" -> {
					GlobalStatus status = TransactionManagerHolder.get().commit(args[1]);
					System.out.println("STATUS=" + status);
				}
				case "status" -> System.out.println("STATUS=" + TransactionManagerHolder.get().getStatus(args[1]));
				default -> throw new IllegalArgumentException(command);
			}
		}
		catch (Exception ex) {
			System.out.println("FAILED=" + ex);
			exit = 3;
		}
		System.out.flush();
		// Seata's client threads are not daemons
		Runtime.getRuntime().halt(exit);
	}

	/** The RM connects by itself only once it holds a resource; this probe has none. */
	private static void connect(AbstractNettyRemotingClient client) {
		try {
			Object manager = manager(client);
			Method reconnect = manager.getClass().getDeclaredMethod("reconnect", String.class);
			reconnect.setAccessible(true);
			reconnect.invoke(manager, GROUP);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			System.out.println("RM_CONNECT=" + ex);
		}
	}

	/**
	 * Registered channels: Seata keeps a channel in this table only once the TC accepted
	 * it.
	 */
	private static long active(AbstractNettyRemotingClient client) throws ReflectiveOperationException {
		Object manager = manager(client);
		Method channels = manager.getClass().getDeclaredMethod("getChannels");
		channels.setAccessible(true);
		long active = 0;
		for (Object channel : ((Map<?, ?>) channels.invoke(manager)).values()) {
			if ((Boolean) channel.getClass().getMethod("isActive").invoke(channel)) {
				active++;
			}
		}
		return active;
	}

	/** Seata 2.0.0 keeps the channel manager's table and reconnect package-private. */
	private static Object manager(AbstractNettyRemotingClient client) throws ReflectiveOperationException {
		return AbstractNettyRemotingClient.class.getMethod("getClientChannelManager").invoke(client);
	}

}
