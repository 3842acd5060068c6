package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A minimal MetadataDb over an in-memory H2 for store tests, reading migrations the way core's does
 * ({@code db/<schema>/migrations.list}, one file per line). Not a replacement for core's.
 */
public final class TestMetadataDb implements MetadataDb {
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final Connection keepAlive;

    public TestMetadataDb() {
        try {
            keepAlive = DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void migrate(String schema, ClassLoader loader) {
        tx(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                for (String file : resource(loader, "db/" + schema + "/migrations.list").split("\n")) {
                    if (file.isBlank()) continue;
                    for (String sql : resource(loader, "db/" + schema + "/" + file.trim()).split(";")) {
                        String stripped = sql.replaceAll("(?m)^\\s*--.*$", "").trim();
                        if (!stripped.isEmpty()) st.execute(stripped);
                    }
                }
            }
            return null;
        });
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T tx(TxWork<T> work) {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
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
        return tx(work);
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
