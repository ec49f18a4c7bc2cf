package dev.tccledger.support.tcauth;

/**
 * Hands the service's TC secret from Spring to {@link TcAuthRpcHook}, which Seata
 * instantiates through its own service loader. Set by
 * {@link TcAuthEnvironmentPostProcessor} before any bean exists, so before Seata's TM and
 * RM clients register. Not a system property: those show in diagnostics and reach every
 * library in the JVM.
 */
public final class TcAuthSecret {

	private static volatile String secret;

	private TcAuthSecret() {
	}

	public static void set(String value) {
		secret = value;
	}

	/**
	 * The secret, or null when nothing set one: the registration then carries no
	 * credential.
	 */
	public static String get() {
		return secret;
	}

}
