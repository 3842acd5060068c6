package io.awsemu.core.storage.meta;

import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link MetadataDb} on embedded H2 (MVStore), file {@code <dir>/meta.mv.db} or in memory.
 *
 * <p>Settings, and why:
 * <ul>
 *   <li>{@code WRITE_DELAY=1000}: H2's MVStore writes committed changes up to a second later on its own
 *       (its auto-commit delay). {@link #tx} does not wait for that: it calls {@code MVStore.commit()} itself
 *       before it returns, so the change has been handed to the OS and survives {@code kill -9} (proved by
 *       {@code StorageCrashTest}). {@link #txUnstored} leaves that to the next {@link #store}, a later
 *       {@link #tx} or H2's own writer. H2 does not fsync per commit, so an OS crash or power loss can still
 *       lose the last commits. (With {@code WRITE_DELAY=0} H2 stored at every commit itself, which
 *       {@link #txUnstored} could not skip.)</li>
 *   <li>H2's default {@code RETENTION_TIME} (45 s) stays. {@code RETENTION_TIME=0} makes commits cheaper
 *       and keeps the file small under steady small commits, but loses acknowledged commits on
 *       {@code kill -9}: H2 reuses a dead chunk that recovery still follows (S3's kill -9 ITs lost
 *       acknowledged objects and uploads with it, 4 runs out of 4).</li>
 *   <li>{@code LOCK_TIMEOUT=10000}: concurrent writers on the same row wait rather than fail at once.</li>
 *   <li>{@code NON_KEYWORDS=KEY,VALUE}: lets services name columns {@code key} and {@code value}
 *       (object keys, attribute values) without quoting.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the stores itself after draining requests;
 *       H2's own shutdown hook would close the database under in-flight requests.</li>
 *   <li>{@code CACHE_SIZE=8192} (KiB): metadata is small; keeps the idle footprint low.</li>
 *   <li>{@code QUERY_CACHE_SIZE=64}: parsed statements each session keeps (H2's default is 8). A small S3
 *       PUT alone runs nine distinct statements in its transaction: with 8, least recently used first,
 *       each of them was parsed again on every PUT. H2 never caches a {@code SELECT ... FOR UPDATE}.</li>
 * </ul>
 * Default (regular) mode, default READ COMMITTED isolation for {@link #tx}, REPEATABLE READ (a
 * snapshot, in MVStore) for {@link #read}.
 *
 * <p>Naming: each service migrates its own schema (its botocore id: {@code s3}, {@code sqs}, ...)
 * and should always write qualified names ({@code s3.buckets}) in its queries: a pooled connection's
 * current schema is PUBLIC. Migration files may use unqualified names; they run with
 * {@code SET SCHEMA <schema>}. Migrations are listed in {@code db/<schema>/migrations.list}, one
 * file name per line ({@code V001__init.sql}), applied in that order, each once, each in one
 * transaction. H2 commits DDL implicitly, so on failure this class also drops the tables, views and
 * sequences the failed file had created; ALTERs are not undone, so prefer
 * {@code ADD COLUMN IF NOT EXISTS} and one ALTER-heavy change per file.
 *
 * <p>Do not call {@link #tx} inside a {@code tx} work: the inner one takes another connection and
 * can wait on the outer one's row locks.
 *
 * <p>Connections are pooled here, physical ones, not through H2's {@code JdbcConnectionPool}: its
 * per-borrow connection handle defeats H2's per-session query cache, so every statement was parsed
 * again (a fifth of the server's CPU on small S3 requests). Up to {@value #MAX_CONNECTIONS} at once,
 * the most recently returned first, a borrower waits up to 30 s for one.
 */
public final class H2MetadataDb implements MetadataDb {
    private static final Logger log = LoggerFactory.getLogger(H2MetadataDb.class);

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final String SETTINGS =
            ";WRITE_DELAY=1000;LOCK_TIMEOUT=10000;NON_KEYWORDS=KEY,VALUE;CACHE_SIZE=8192;QUERY_CACHE_SIZE=64";

    private static final int MAX_CONNECTIONS = 32;
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    /**
     * The user every connection logs in as: the empty name with the empty password, for which H2 hashes
     * nothing. Any other pair makes H2 set up the JCA providers and a SecureRandom for a SHA-256 of the
     * password, 20-60 ms of a cold start on the metadata's critical path. The database is embedded and
     * never served, so the password protected nothing. Databases made before are opened once as
     * {@value #LEGACY_USER} and given this user too.
     */
    private static final String USER = "";
    private static final String LEGACY_USER = "sa";

    private final String url;
    /** The database's store, whose {@code commit()} writes what is committed ({@link #store}). */
    private final MVStore mvStore;
    private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private H2MetadataDb(String url) {
        this.url = url;
        // Open once now so a locked or corrupt file fails at start-up, not at the first request.
        try {
            Connection first = openFirst(url);
            idle.push(first);
            this.mvStore = ((SessionLocal) ((JdbcConnection) first).getSession()).getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                throw new IllegalStateException("metadata database " + url + " is already in use by another process", e);
            }
            throw new MetadataException("cannot open metadata database " + url + ": " + e.getMessage(), e);
        }
    }

    /** A physical connection (H2's own, not through a DataSource: that one sets up tracing and JNDI classes). */
    private static Connection connect(String url, String user) throws SQLException {
        return new JdbcConnection(url, null, user, "", false);
    }

    /** The first connection, as {@link #USER}; a database made before that user existed gets it now. */
    private static Connection openFirst(String url) throws SQLException {
        try {
            return connect(url, USER);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) throw e;
        }
        Connection c = connect(url, LEGACY_USER);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS \"" + USER + "\" PASSWORD '' ADMIN");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        log.info("metadata database {}: added the password-less user later starts log in as", url);
        return c;
    }

    /** The file database {@code <dir>/meta.mv.db}; the directory is created if missing. */
    public static H2MetadataDb file(Path dir) {
        return file(dir, null);
    }

    /**
     * {@link #file(Path)}, first seeded from {@code template} when the directory holds no database yet:
     * a copy of a database whose schemas are already migrated (the image makes one at build time with
     * the same jar). Running every service's migrations on an empty database is about a third of a cold
     * start's CPU: H2 rebuilds a table for each {@code ALTER TABLE ... ADD COLUMN}. Migrations still run
     * after the copy and apply whatever the template lacks. A missing template or a failed copy leaves
     * them to create everything, as without one.
     */
    public static H2MetadataDb file(Path dir, Path template) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MetadataException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        if (template != null) seed(dir.resolve(FILE_NAME), template);
        return new H2MetadataDb("jdbc:h2:file:" + dir.toAbsolutePath().resolve("meta") + SETTINGS + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    /** The database file {@link #file(Path)} opens in its directory. */
    public static final String FILE_NAME = "meta.mv.db";

    private static void seed(Path target, Path template) {
        if (Files.exists(target)) return;
        if (!Files.isRegularFile(template)) {
            log.debug("no metadata template at {}: the migrations create the schemas", template);
            return;
        }
        Path tmp = target.resolveSibling(FILE_NAME + ".seed");
        try {
            Files.copy(template, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!tmp.toFile().setWritable(true, true)) throw new IOException("cannot make " + tmp + " writable");
            // a crash before the move leaves only the .seed file, which the next start overwrites
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            log.debug("metadata seeded from {}", template);
        } catch (IOException | RuntimeException e) {
            log.warn("could not copy the metadata template {} ({}): the migrations create the schemas", template, e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next start overwrites it
            }
        }
    }

    /** A private in-memory database, gone after {@link #close()}. */
    public static H2MetadataDb inMemory() {
        return new H2MetadataDb("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + SETTINGS);
    }

    public String url() { return url; }

    private Connection borrow() throws SQLException {
        if (closed) throw new MetadataException("metadata database is closed");
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("no metadata connection free after " + BORROW_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a metadata connection", e);
        }
        Connection c = idle.pollFirst();
        if (c != null) return c;
        try {
            return connect(url, USER);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Back to the pool, or closed when it is broken or the database is closing. */
    private void giveBack(Connection c, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(c);
            } else {
                idle.push(c);
                if (closed && idle.remove(c)) closeQuietly(c); // close() ran meanwhile
            }
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    // ---- transactions -----------------------------------------------------------------------

    @Override
    public <T> T tx(TxWork<T> work) {
        T result = run(work, false);
        store();
        return result;
    }

    @Override
    public <T> T txUnstored(TxWork<T> work) {
        return run(work, false);
    }

    @Override
    public void store() {
        try {
            mvStore.commit();
        } catch (RuntimeException e) {
            throw new MetadataException("cannot store the metadata: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(TxWork<T> work) {
        return run(work, true);
    }

    /**
     * On a pooled connection as it rests: auto-commit, READ COMMITTED, where H2 runs one statement on a
     * snapshot of its own. A GET's object read was a fifth dearer through {@link #read}: switching the
     * isolation level commits, and so do the transaction's end and the switch back.
     */
    @Override
    public <T> T readOne(TxWork<T> work) {
        Connection c = borrowForWork();
        boolean broken = false;
        try {
            return work.run(c);
        } catch (SQLException s) {
            throw new MetadataException(s.getMessage(), s);
        } finally {
            try {
                broken = !c.getAutoCommit(); // a work that changed the connection's state leaves the pool
            } catch (SQLException e) {
                broken = true;
            }
            giveBack(c, broken);
        }
    }

    /** {@link #borrow} for a work: a failure to get a connection is the work's {@link MetadataException}. */
    private Connection borrowForWork() {
        try {
            return borrow();
        } catch (SQLException e) {
            throw new MetadataException("no metadata connection: " + e.getMessage(), e);
        }
    }

    private <T> T run(TxWork<T> work, boolean snapshot) {
        Connection c = borrowForWork();
        try {
            c.setAutoCommit(false);
            if (snapshot) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (Throwable t) {
            rollbackQuietly(c, t);
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t instanceof SQLException s) throw new MetadataException(s.getMessage(), s);
            throw new MetadataException(String.valueOf(t.getMessage()), t); // a sneaky checked exception
        } finally {
            release(c, snapshot);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void release(Connection c, boolean snapshot) {
        boolean broken = false;
        try {
            if (snapshot) c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
        } catch (SQLException e) {
            broken = true; // dropped from the pool
        }
        giveBack(c, broken);
    }

    // ---- migrations -------------------------------------------------------------------------

    @Override
    public synchronized void migrate(String schema, ClassLoader loader) {
        if (!SCHEMA.matcher(schema).matches()) throw new IllegalArgumentException("bad schema name '" + schema + "'");
        String base = "db/" + schema + "/";
        List<String> files = listMigrations(loader, base + "migrations.list");
        Connection c = null;
        try {
            c = borrow();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version ("
                        + "version VARCHAR(255) PRIMARY KEY, ordinal INT NOT NULL, "
                        + "installed_on TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            }
            Set<String> applied = new HashSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version FROM " + schema + ".schema_version")) {
                while (rs.next()) applied.add(rs.getString(1));
            }
            for (int i = 0; i < files.size(); i++) {
                String file = files.get(i);
                if (applied.contains(file)) continue;
                String sql = readResource(loader, base + file);
                if (sql == null) throw new MetadataException("migration " + base + file + " is listed but not on the classpath");
                apply(c, schema, base + file, file, i + 1, splitStatements(sql));
            }
            store(); // the migrations committed as tx does: stored before the service uses them
        } catch (SQLException e) {
            throw new MetadataException("migrating schema " + schema + ": " + e.getMessage(), e);
        } finally {
            if (c != null) giveBack(c, false);
        }
    }

    private void apply(Connection c, String schema, String path, String version, int ordinal, List<String> statements)
            throws SQLException {
        Set<String> before = objects(c, schema);
        c.setAutoCommit(false);
        int n = 0;
        try (Statement s = c.createStatement()) {
            s.execute("SET SCHEMA " + schema);
            for (String sql : statements) {
                n++;
                s.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + schema + ".schema_version (version, ordinal) VALUES (?, ?)")) {
                ps.setString(1, version);
                ps.setInt(2, ordinal);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            dropCreatedSince(c, schema, before, e);
            throw new MetadataException("migration " + path + " failed at statement " + n + " of "
                    + statements.size() + " and was rolled back: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET SCHEMA PUBLIC");
            }
        }
    }

    /** Tables, views and sequences in the schema, as "KIND\tNAME". */
    private static Set<String> objects(Connection c, String schema) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_TYPE, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?")) {
            ps.setString(1, schema.toUpperCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(("VIEW".equals(rs.getString(1)) ? "VIEW" : "TABLE") + "\t" + rs.getString(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = ?")) {
            ps.setString(1, schema.toUpperCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add("SEQUENCE\t" + rs.getString(1));
            }
        }
        return out;
    }

    /** H2 commits DDL implicitly: undo the creations of a failed file so it can run again once fixed. */
    private static void dropCreatedSince(Connection c, String schema, Set<String> before, SQLException cause) {
        try {
            c.setAutoCommit(true);
            List<String> created = new ArrayList<>(objects(c, schema));
            created.removeAll(before);
            created.sort((a, b) -> Integer.compare(rank(a), rank(b))); // views before tables before sequences
            for (String o : created) {
                String[] kn = o.split("\t", 2);
                String q = schema.toUpperCase(Locale.ROOT) + "\".\"" + kn[1].replace("\"", "\"\"");
                String ddl = switch (kn[0]) {
                    case "VIEW" -> "DROP VIEW IF EXISTS \"" + q + "\" CASCADE";
                    case "TABLE" -> "DROP TABLE IF EXISTS \"" + q + "\" CASCADE";
                    default -> "DROP SEQUENCE IF EXISTS \"" + q + "\"";
                };
                try (Statement s = c.createStatement()) {
                    s.execute(ddl);
                } catch (SQLException e) {
                    cause.addSuppressed(e); // e.g. an identity sequence already gone with its table
                }
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static int rank(String o) {
        return o.startsWith("VIEW") ? 0 : o.startsWith("TABLE") ? 1 : 2;
    }

    private static List<String> listMigrations(ClassLoader loader, String listPath) {
        String text = readResource(loader, listPath);
        if (text == null) throw new MetadataException("no " + listPath + " on the classpath");
        List<String> files = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String f = line.strip();
            if (f.isEmpty() || f.startsWith("#")) continue;
            if (files.contains(f)) throw new MetadataException(listPath + " lists " + f + " twice");
            files.add(f);
        }
        return files;
    }

    private static String readResource(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) return null;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetadataException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Splits a migration into statements: a statement ends at a line whose last non-blank character
     * is {@code ;}. Lines starting with {@code --} are comments. (So a {@code ;} inside a string
     * literal at a line end would split it; migrations don't need that.)
     */
    static List<String> splitStatements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(sql))) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (t.startsWith("--")) continue;
                if (t.endsWith(";")) {
                    cur.append(line, 0, line.lastIndexOf(';'));
                    if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                    cur.setLength(0);
                } else {
                    cur.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try (Connection c = connect(url, USER); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed, or closing anyway
        } finally {
            for (Connection c; (c = idle.pollFirst()) != null; ) closeQuietly(c);
        }
    }
}
