package io.awsemu.core.storage.meta;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchedTxTest {
    private final H2MetadataDb db = H2MetadataDb.inMemory();
    private final AtomicInteger transactions = new AtomicInteger();
    private final BatchedTx batched = new BatchedTx(new MetadataDb() {
        @Override public void migrate(String schema, ClassLoader loader) { db.migrate(schema, loader); }
        @Override public <T> T tx(TxWork<T> work) {
            transactions.incrementAndGet();
            return db.tx(work);
        }
        @Override public <T> T read(TxWork<T> work) { return db.read(work); }
        @Override public void close() { db.close(); }
    });
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() {
        pool.shutdownNow();
        db.close();
    }

    @Test
    void worksQueuedBehindARunningBatchShareTheNextTransaction() throws Exception {
        List<Future<Integer>> rest = queueBehindABatch(-1);
        for (int k = 1; k <= 6; k++) assertEquals(k, rest.get(k - 1).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), keys());
        assertEquals(2, transactions.get(), "the first work's, then one for the six queued");
    }

    @Test
    void aFailingWorkFailsOnlyItsCallerAndTheOthersRunAgainAlone() throws Exception {
        List<Future<Integer>> rest = queueBehindABatch(4);
        for (int k = 1; k <= 6; k++) {
            Future<Integer> f = rest.get(k - 1);
            if (k == 4) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, e.getCause());
            } else {
                assertEquals(k, f.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 5, 6), keys());
        assertEquals(1 + 1 + 6, transactions.get(), "the first work's, the failed batch, then each alone");
    }

    /** Work 0 holds a batch open while works 1..6 queue behind it ({@code failing} throws); then it commits. */
    private List<Future<Integer>> queueBehindABatch(int failing) throws Exception {
        db.tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
            }
            return null;
        });
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the first work holds the batch open while the others queue up behind it
        Future<Integer> first = pool.submit(() -> batched.run(c -> {
            firstRunning.countDown();
            await(release);
            return insert(c, 0);
        }));
        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        List<Future<Integer>> rest = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            int key = k;
            rest.add(pool.submit(() -> batched.run(c -> {
                if (key == failing) throw new IllegalStateException("refused " + key);
                return insert(c, key);
            })));
        }
        Thread.sleep(500); // let them queue
        release.countDown();
        assertEquals(0, first.get(10, TimeUnit.SECONDS));
        return rest;
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnResult() throws Exception {
        db.tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
            }
            return null;
        });
        List<Future<Integer>> all = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            int key = k;
            all.add(pool.submit(() -> batched.run(c -> insert(c, key))));
        }
        for (int k = 0; k < 200; k++) assertEquals(k, all.get(k).get(30, TimeUnit.SECONDS));
        assertEquals(200, keys().size());
    }

    private static int insert(Connection c, int k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            ps.setInt(1, k);
            ps.executeUpdate();
        }
        return k;
    }

    private List<Integer> keys() {
        return db.read(c -> {
            List<Integer> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k FROM t ORDER BY k")) {
                while (rs.next()) out.add(rs.getInt(1));
            }
            return out;
        });
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
