package io.awsemu.core.storage.blob;

import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalSyncsTest {
    /** A sync that blocks until the test lets it finish (or fail), counting the syncs begun. */
    static final class HeldSync implements RocksDbBlobStore.WalSyncs.Sync {
        final AtomicInteger begun = new AtomicInteger();
        final BlockingQueue<CountDownLatch> started = new LinkedBlockingQueue<>();
        volatile RocksDBException failNext;

        @Override
        public void run() throws RocksDBException {
            begun.incrementAndGet();
            CountDownLatch release = new CountDownLatch(1);
            started.add(release);
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RocksDBException f = failNext;
            failNext = null;
            if (f != null) throw f;
        }

        CountDownLatch nextStarted() throws InterruptedException {
            CountDownLatch l = started.poll(10, TimeUnit.SECONDS);
            assertNotNull(l, "no sync began");
            return l;
        }
    }

    static CompletableFuture<Void> await(RocksDbBlobStore.WalSyncs syncs) {
        return CompletableFuture.runAsync(() -> {
            try {
                syncs.await();
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWriteThatReturnedDuringASyncWaitsForTheNextOneAndOneSyncCoversAllThatWaited() throws Exception {
        HeldSync sync = new HeldSync();
        RocksDbBlobStore.WalSyncs syncs = new RocksDbBlobStore.WalSyncs(sync);

        CompletableFuture<Void> first = await(syncs);
        CountDownLatch firstSync = sync.nextStarted();
        // these writes returned after the first sync began: it may not have covered them
        CompletableFuture<Void> second = await(syncs);
        CompletableFuture<Void> third = await(syncs);
        Thread.sleep(100);
        assertFalse(second.isDone() || third.isDone());
        firstSync.countDown();
        first.get(10, TimeUnit.SECONDS);

        CountDownLatch secondSync = sync.nextStarted();
        Thread.sleep(100);
        assertFalse(second.isDone() || third.isDone(), "released by the sync that began before their writes");
        secondSync.countDown();
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertEquals(2, sync.begun.get(), "one sync for both writes that waited");
    }

    @Test
    void aFailedSyncFailsItsCallerAndTheNextWriterSyncsAgain() throws Exception {
        HeldSync sync = new HeldSync();
        RocksDbBlobStore.WalSyncs syncs = new RocksDbBlobStore.WalSyncs(sync);

        CompletableFuture<Void> first = await(syncs);
        CountDownLatch firstSync = sync.nextStarted();
        CompletableFuture<Void> second = await(syncs);
        Thread.sleep(50);
        sync.failNext = new RocksDBException("disk gone");
        firstSync.countDown();
        Exception e = assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof RocksDBException, e.toString());

        sync.nextStarted().countDown(); // the second writer's own sync, not covered by the failed one
        second.get(10, TimeUnit.SECONDS);
        assertEquals(2, sync.begun.get());
    }
}
