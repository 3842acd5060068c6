package io.awsemu.sqs.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * A queue's messages by id, for receipt handles. Ids in UUID form (every id this emulator makes) are
 * held as two longs in the message ({@link SqsMessage#idHi()}, {@link SqsMessage#idLo()}), so the index
 * is an open-addressing table of the messages themselves: 8 bytes per message at most half full, against
 * a {@code HashMap}'s 32-byte node and the id's 80-byte string. Any other id goes to a plain map. Linear
 * probing; a removal shifts the entries after it back, so no slot is ever a tombstone. Guarded by the
 * queue's monitor.
 */
final class MessageIndex {
    private static final int MIN_CAPACITY = 16;

    private SqsMessage[] table = new SqsMessage[MIN_CAPACITY];
    private int size;
    private final Map<String, SqsMessage> others = new HashMap<>(2);

    void put(SqsMessage m) {
        if (m.idText() != null) {
            others.put(m.idText(), m);
            return;
        }
        if ((size + 1) * 2 > table.length) resize(table.length * 2);
        int i = find(m.idHi(), m.idLo());
        if (table[i] == null) size++;
        table[i] = m;
    }

    SqsMessage get(String id) {
        if (!Ids.canonical(id)) return others.get(id);
        return table[find(Ids.hi(id), Ids.lo(id))];
    }

    /** Removes {@code m} if it is the message held under its id. */
    void remove(SqsMessage m) {
        if (m.idText() != null) {
            others.remove(m.idText(), m);
            return;
        }
        int i = find(m.idHi(), m.idLo());
        if (table[i] != m) return;
        table[i] = null;
        size--;
        // shift back the entries of the run after i that would no longer be found past the gap
        int mask = table.length - 1;
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = slot(table[j].idHi(), table[j].idLo(), mask);
            // j's entry may move to i unless its home lies cyclically in (i, j]
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                table[i] = table[j];
                table[j] = null;
                i = j;
            }
        }
        if (table.length > MIN_CAPACITY && size * 8 < table.length) resize(table.length / 2);
    }

    void clear() {
        table = new SqsMessage[MIN_CAPACITY];
        size = 0;
        others.clear();
    }

    int size() { return size + others.size(); }

    /** The slot holding the id, or the empty slot where it would go. */
    private int find(long hi, long lo) {
        int mask = table.length - 1;
        for (int i = slot(hi, lo, mask); ; i = (i + 1) & mask) {
            SqsMessage m = table[i];
            if (m == null || (m.idLo() == lo && m.idHi() == hi)) return i;
        }
    }

    private static int slot(long hi, long lo, int mask) {
        long h = (hi ^ lo) * 0x9E3779B97F4A7C15L; // the id's bits are random; the multiply spreads them all the same
        return (int) (h >>> 32) & mask;
    }

    private void resize(int capacity) {
        SqsMessage[] old = table;
        table = new SqsMessage[capacity];
        for (SqsMessage m : old) if (m != null) table[find(m.idHi(), m.idLo())] = m;
    }
}
