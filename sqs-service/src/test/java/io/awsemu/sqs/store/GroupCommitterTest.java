package io.awsemu.sqs.store;

import io.awsemu.core.storage.InMemoryKeyValueStore;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.KeyValueStore.Batch;
import io.awsemu.core.storage.meta.H2MetadataDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a write is done: on the submitting thread when nothing is ahead of it and the store takes it at once. */
class GroupCommitterTest {
    /** Records each write's first key and the thread that wrote it; refuses writeNow while {@code refuseNow}. */
    private static final class Recording implements KeyValueStore {
        final KeyValueStore inner = new InMemoryKeyValueStore();
        final List<String> writes = Collections.synchronizedList(new ArrayList<>());
        volatile boolean refuseNow;
        volatile RuntimeException failure;
        volatile long writeNowSleepMillis;

        @Override public byte[] get(byte[] key) { return inner.get(key); }

        @Override public void scan(byte[] prefix, BiConsumer<byte[], byte[]> each) { inner.scan(prefix, each); }

        @Override
        public void write(Batch batch, boolean sync) {
            if (failure != null) throw failure;
            inner.write(batch, sync);
            for (Batch.Op op : batch.ops()) {
                writes.add(new String(op.key(), StandardCharsets.UTF_8) + "@" + Thread.currentThread().getName());
            }
        }

        @Override
        public boolean writeNow(Batch batch) {
            if (refuseNow) return false;
            if (writeNowSleepMillis > 0) {
                try {
                    Thread.sleep(writeNowSleepMillis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            write(batch, false);
            return true;
        }
    }

    private final H2MetadataDb db = H2MetadataDb.inMemory();
    private final Recording store = new Recording();
    private final GroupCommitter committer = new GroupCommitter(store, false, db);
    private final String me = Thread.currentThread().getName();

    @AfterEach
    void close() {
        committer.close();
        db.close();
    }

    private static Batch put(String key) {
        return new Batch().put(key.getBytes(StandardCharsets.UTF_8), new byte[] {1});
    }

    @Test
    void anIdleCommitterLetsTheSubmitterWriteAndTheFutureIsCompleteOnReturn() {
        CompletableFuture<Void> f = committer.submit(put("a"));
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        assertEquals(List.of("a@" + me), store.writes);
    }

    @Test
    void aWriteSubmittedWhileAnotherIsQueuedGoesAfterItOnTheCommitter() throws Exception {
        CountDownLatch inTx = new CountDownLatch(1), release = new CountDownLatch(1);
        // an H2 step always goes to the committer; it holds the committer while the next write is submitted
        CompletableFuture<Void> first = committer.submit(c -> {
            inTx.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new java.sql.SQLException(e);
            }
            return null;
        }, put("first"));
        assertTrue(inTx.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> second = committer.submit(put("second"));
        assertFalse(second.isDone(), "written on the submitting thread ahead of an earlier write");
        release.countDown();
        second.get(10, TimeUnit.SECONDS);
        first.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first@sqs-group-commit", "second@sqs-group-commit"), store.writes);
        // once the committer is idle again (it lowers its count just after completing the futures), the submitter writes
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!committer.idle() && System.nanoTime() < deadline) Thread.sleep(1);
        committer.submit(put("third")).get(10, TimeUnit.SECONDS);
        assertEquals("third@" + me, store.writes.get(2));
    }

    /** Before the committer has woken for a queued write, the next submitter must not write ahead of it. */
    @Test
    void aWriteSubmittedRightAfterAQueuedOneGoesAfterIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            store.refuseNow = true;
            CompletableFuture<Void> first = committer.submit(put(i + "a"));
            store.refuseNow = false;
            CompletableFuture<Void> second = committer.submit(put(i + "b"));
            second.get(10, TimeUnit.SECONDS);
            assertTrue(first.isDone(), "the later write completed first");
            assertEquals(i + "a@sqs-group-commit", store.writes.get(2 * i));
            assertEquals(i + "b", store.writes.get(2 * i + 1).split("@")[0]);
        }
    }

    @Test
    void aSlowWriteOnTheSubmittingThreadSendsTheNextWritesToTheCommitterForAWhile() throws Exception {
        // slow: over 200 ms (a loaded machine's hiccup stays under it); the back-off, 3 s, outlasts any such hiccup
        try (GroupCommitter backingOff = new GroupCommitter(store, false, db, 200_000_000L, 3_000_000_000L)) {
            backingOff.submit(put("fast")).join();
            store.writeNowSleepMillis = 300;
            backingOff.submit(put("slow")).join();
            store.writeNowSleepMillis = 0;
            backingOff.submit(put("next")).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("fast@" + me, "slow@" + me, "next@sqs-group-commit"), store.writes);
            Thread.sleep(3_200);
            backingOff.submit(put("later")).join();
            assertEquals("later@" + me, store.writes.get(3));
        }
    }

    @Test
    void aWriteTheStoreWouldMakeWaitGoesToTheCommitter() throws Exception {
        store.refuseNow = true;
        CompletableFuture<Void> f = committer.submit(put("a"));
        f.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("a@sqs-group-commit"), store.writes);
    }

    @Test
    void aFailedWriteOnTheSubmittingThreadFailsItsFutureAndIsNotRetried() {
        store.failure = new UncheckedIOException(new java.io.IOException("disk gone"));
        CompletableFuture<Void> f = committer.submit(put("a"));
        assertTrue(f.isCompletedExceptionally());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(UncheckedIOException.class, e.getCause());
        store.failure = null;
        committer.submit(put("b")).join();
        assertEquals(List.of("b@" + me), store.writes);
    }
}
