package io.awsemu.sqs.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A queue's messages in send order (ascending {@link SqsMessage#seq}). Two arrays instead of a
 * {@code TreeMap<Long, SqsMessage>}: 12 bytes per message against 64 (a map entry and a boxed key), which
 * matters for a queue of millions and for the collector, which copies every young message it keeps.
 *
 * <p>A removal clears the message's slot and leaves its seq, so a binary search still finds any slot; the
 * head moves past cleared slots, and the live messages are copied into new arrays once most slots are
 * clear. As with the map's iterators, a change during an iteration makes its next step throw
 * {@link ConcurrentModificationException} (collect first, then remove). Guarded by the queue's monitor.
 */
final class MessageLog implements Iterable<SqsMessage> {
    private static final int MIN_CAPACITY = 16;

    private SqsMessage[] items = new SqsMessage[MIN_CAPACITY];
    private long[] seqs = new long[MIN_CAPACITY];
    private int head, tail, live;
    /** Changes so far, for the iterators' check. */
    private int changes;

    int size() { return live; }

    /**
     * Appends; a message older than the newest (not seen in practice: seqs only grow) is put in its place,
     * and one with a seq held already replaces that message, as the map's put did.
     */
    void add(SqsMessage m) {
        changes++;
        if (tail == items.length) relocate(Math.max(MIN_CAPACITY, live * 2 + 1));
        if (tail == head || seqs[tail - 1] < m.seq) {
            items[tail] = m;
            seqs[tail++] = m.seq;
            live++;
            return;
        }
        int i = search(m.seq);
        if (i >= 0) {
            if (items[i] == null) live++;
            items[i] = m;
            return;
        }
        i = -i - 1;
        System.arraycopy(items, i, items, i + 1, tail - i);
        System.arraycopy(seqs, i, seqs, i + 1, tail - i);
        items[i] = m;
        seqs[i] = m.seq;
        tail++;
        live++;
    }

    /** False when {@code m} is not in the log. */
    boolean remove(SqsMessage m) {
        int i = search(m.seq);
        if (i < 0 || items[i] != m) return false;
        items[i] = null;
        live--;
        changes++;
        if (live == 0) {
            if (items.length > 1024) { // every slot is clear already
                items = new SqsMessage[MIN_CAPACITY];
                seqs = new long[MIN_CAPACITY];
            }
            head = tail = 0;
            return true;
        }
        while (items[head] == null) head++;
        int span = tail - head;
        if (span > 64 && live < span / 4) relocate(Math.max(MIN_CAPACITY, live * 2));
        return true;
    }

    void clear() {
        changes++;
        items = new SqsMessage[MIN_CAPACITY];
        seqs = new long[MIN_CAPACITY];
        head = tail = live = 0;
    }

    List<SqsMessage> toList() {
        List<SqsMessage> out = new ArrayList<>(live);
        for (SqsMessage m : this) out.add(m);
        return out;
    }

    /** The seqs of the messages held, in order. */
    List<Long> seqs() {
        List<Long> out = new ArrayList<>(live);
        for (int i = head; i < tail; i++) if (items[i] != null) out.add(seqs[i]);
        return out;
    }

    @Override
    public Iterator<SqsMessage> iterator() {
        return iterator(head);
    }

    /** The messages whose seq is {@code seq} or more, in order. */
    Iterable<SqsMessage> from(long seq) {
        int i = search(seq);
        int start = i >= 0 ? i : -i - 1;
        return () -> iterator(start);
    }

    private Iterator<SqsMessage> iterator(int start) {
        return new Iterator<>() {
            final int expected = changes;
            int i = start;

            @Override
            public boolean hasNext() {
                if (changes != expected) throw new ConcurrentModificationException();
                while (i < tail && items[i] == null) i++;
                return i < tail;
            }

            @Override
            public SqsMessage next() {
                if (!hasNext()) throw new NoSuchElementException();
                return items[i++];
            }
        };
    }

    /** The slot of {@code seq} in [head, tail), or -(insertion point) - 1. */
    private int search(long seq) {
        return Arrays.binarySearch(seqs, head, tail, seq);
    }

    /** Copies the live messages into new arrays of {@code capacity}. */
    private void relocate(int capacity) {
        SqsMessage[] ni = new SqsMessage[capacity];
        long[] ns = new long[capacity];
        int n = 0;
        for (int i = head; i < tail; i++) {
            if (items[i] != null) {
                ni[n] = items[i];
                ns[n++] = seqs[i];
            }
        }
        items = ni;
        seqs = ns;
        head = 0;
        tail = n;
    }
}
