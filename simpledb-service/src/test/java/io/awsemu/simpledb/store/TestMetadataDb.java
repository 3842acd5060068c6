package io.awsemu.simpledb.store;

import io.awsemu.core.storage.meta.MetadataDb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain-JDBC H2 {@link MetadataDb} for tests until core's H2MetadataDb lands. */
public final class TestMetadataDb implements MetadataDb {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String url;
    private final Connection keepAlive;

    public TestMetadataDb(String url) {
        this.url = url;
        try {
            this.keepAlive = DriverManager.getConnection(url, "sa", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestMetadataDb inMemory() {
        return new TestMetadataDb("jdbc:h2:mem:sdbtest" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    public void migrate(String schema, ClassLoader loader) {
        tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version VARCHAR(64) PRIMARY KEY)");
                for (String file : read(loader, "db/" + schema + "/migrations.list").split("\\R")) {
                    file = file.trim();
                    if (file.isEmpty()) continue;
                    try (var rs = s.executeQuery("SELECT 1 FROM " + schema + ".schema_version WHERE version = '" + file + "'")) {
                        if (rs.next()) continue;
                    }
                    String sql = read(loader, "db/" + schema + "/" + file).replaceAll("(?m)^\\s*--.*$", "");
                    for (String stmt : sql.split(";")) if (!stmt.isBlank()) s.execute(stmt);
                    s.execute("INSERT INTO " + schema + ".schema_version VALUES ('" + file + "')");
                }
            }
            return null;
        });
    }

    private static String read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T tx(TxWork<T> work) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T read(TxWork<T> work) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        } catch (SQLException ignored) {
            // closing a test database
        }
    }
}
