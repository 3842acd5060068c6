package io.awsemu.core.storage.blob;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The blobs being read (streams open, {@link BlobStore#hold holds} taken) and the removals waiting for
 * them: a GET in flight gets every byte of what it started on even when a PUT or DELETE replaces or removes
 * it meanwhile, as in S3. A removal asked for while readers remain happens when the last one leaves; a
 * reader arriving once a removal has begun finds the blob gone.
 */
final class BlobReaders {
    private static final class State {
        int readers;
        boolean removeWhenRead;
        boolean removing;
    }

    /** Only blobs with readers, a waiting removal or one under way. */
    private final Map<BlobId, State> states = new HashMap<>();

    /** What removes a blob. */
    interface Removal<E extends Exception> {
        void run() throws E;
    }

    /**
     * A {@link BlobStore#hold} on {@code id}: NoSuchElementException when its removal has begun. Closing the last
     * hold of a blob whose removal waited for it runs {@code removeNow}, which is to call {@link #remove} (on
     * whatever thread suits the store: the closing one is often an event loop).
     */
    BlobStore.Hold hold(BlobId id, Runnable removeNow) {
        if (!enter(id)) throw new NoSuchElementException("blob " + id + " is being removed");
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false) && leave(id)) removeNow.run();
        };
    }

    /**
     * Runs {@code removal} of {@code id} unless the blob is being read; then the last hold's close hands the
     * removal back (see {@link #hold}). True when it ran. Readers arriving meanwhile find the blob gone.
     */
    <E extends Exception> boolean remove(BlobId id, Removal<E> removal) throws E {
        if (!beginRemoval(id)) return false;
        try {
            removal.run();
        } finally {
            removed(id);
        }
        return true;
    }

    private synchronized boolean enter(BlobId id) {
        State s = states.computeIfAbsent(id, k -> new State());
        if (s.removing) return false;
        s.readers++;
        return true;
    }

    /** True when this was the last reader and a removal waited for it (marked begun: new readers are refused). */
    private synchronized boolean leave(BlobId id) {
        State s = states.get(id);
        if (s == null || s.readers == 0) throw new IllegalStateException("no reader of " + id + " to leave");
        if (--s.readers > 0) return false;
        if (s.removeWhenRead) {
            s.removing = true;
            return true;
        }
        states.remove(id);
        return false;
    }

    /** False when {@code id} is being read (its removal then waits); otherwise marks the removal begun. */
    private synchronized boolean beginRemoval(BlobId id) {
        State s = states.computeIfAbsent(id, k -> new State());
        if (s.readers > 0) {
            s.removeWhenRead = true;
            return false;
        }
        s.removing = true;
        return true;
    }

    private synchronized void removed(BlobId id) {
        State s = states.get(id);
        if (s != null && s.readers == 0) states.remove(id);
    }

    /** Blobs with readers or removals pending, for tests: 0 once every stream was closed and every removal ran. */
    synchronized int tracked() {
        return states.size();
    }
}
