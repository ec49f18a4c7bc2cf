package dev.tccledger.ledger.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class a MariaDB database of its own, created before the class and
 * dropped after it. The server comes from the system properties it.db.host, it.db.user
 * and it.db.password (Maven passes them; the defaults are the local MariaDB).
 */
public class MariaDbDatabase implements BeforeAllCallback, AfterAllCallback {

	private static volatile String current;

	public static String host() {
		return System.getProperty("it.db.host", "127.0.0.1:3306");
	}

	public static String user() {
		return System.getProperty("it.db.user", "root");
	}

	public static String password() {
		return System.getProperty("it.db.password", "");
	}

	/** The JDBC URL of the current test class's database. */
	public static String url() {
		return serverUrl(current);
	}

	private static String serverUrl(String database) {
		return "jdbc:mysql://" + host() + "/" + ((database != null) ? database : "")
				+ "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
	}

	@Override
	public void beforeAll(ExtensionContext context) throws SQLException {
		String name = "ledger_it_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
		current = name;
	}

	@Override
	public void afterAll(ExtensionContext context) throws SQLException {
		if (current != null) {
			execute("DROP DATABASE IF EXISTS " + current);
			current = null;
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(serverUrl(null), user(), password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
