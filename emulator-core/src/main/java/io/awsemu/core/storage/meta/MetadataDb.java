package io.awsemu.core.storage.meta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The H2 metadata database: one schema per service, versioned migrations, plain JDBC in short
 * transactions. A committed transaction is durable before {@link #tx} returns.
 */
public interface MetadataDb extends AutoCloseable {
    /**
     * Creates {@code schema} if needed and applies the classpath migrations listed, one file name a
     * line, in {@code db/<schema>/migrations.list} (e.g. {@code V001__init.sql}, resolved beside the
     * list; applied in list order, each once, each in one transaction, recorded in
     * {@code <schema>.schema_version}), loaded with {@code loader}.
     */
    void migrate(String schema, ClassLoader loader);

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T tx(TxWork<T> work);

    /**
     * Runs {@code work} in one transaction like {@link #tx}, committed and seen by every reader when this returns,
     * but not yet stored: it becomes durable at the next {@link #store} (or with the next {@link #tx}, which stores
     * every commit before its own). For writes that keep a log of their own until then, so that a crash loses
     * nothing acknowledged: the log replays what the store had not written.
     */
    default <T> T txUnstored(TxWork<T> work) {
        return tx(work);
    }

    /**
     * Stores every transaction committed so far ({@link #txUnstored}'s included): on return they survive
     * {@code kill -9}, as a {@link #tx} does.
     */
    default void store() {}

    /** Runs read-only {@code work} (no commit needed, consistent snapshot). */
    <T> T read(TxWork<T> work);

    /**
     * Runs read-only {@code work} that executes exactly one statement: that statement's own snapshot is the
     * consistency it needs, so no transaction is opened or committed around it. Several statements go
     * through {@link #read}.
     */
    default <T> T readOne(TxWork<T> work) {
        return read(work);
    }

    @FunctionalInterface
    interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    void close();
}
