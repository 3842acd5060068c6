package io.awsemu.core.storage.blob;

import java.util.HashMap;
import java.util.Map;

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

    /** Registers a reader of {@code id}; false when its removal has begun (the reader must treat it as gone). */
    synchronized boolean enter(BlobId id) {
        State s = states.computeIfAbsent(id, k -> new State());
        if (s.removing) return false;
        s.readers++;
        return true;
    }

    /**
     * A reader of {@code id} is done. True when it was the last one and a removal was waiting for it: the
     * caller now removes the blob (as begun: new readers are refused) and then calls {@link #removed}.
     */
    synchronized boolean leave(BlobId id) {
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

    /**
     * Before removing {@code id}: true when the caller may go ahead (new readers are refused from now on;
     * call {@link #removed} after), false when it is being read and its last reader's {@link #leave} hands the
     * removal back.
     */
    synchronized boolean beginRemoval(BlobId id) {
        State s = states.computeIfAbsent(id, k -> new State());
        if (s.readers > 0) {
            s.removeWhenRead = true;
            return false;
        }
        s.removing = true;
        return true;
    }

    /** The removal {@link #beginRemoval} or {@link #leave} allowed is over (done or failed). */
    synchronized void removed(BlobId id) {
        State s = states.get(id);
        if (s != null && s.readers == 0) states.remove(id);
    }

    /** Blobs with readers or removals pending, for tests: 0 once every stream was closed and every removal ran. */
    synchronized int tracked() {
        return states.size();
    }
}
