package io.awsemu.sqs.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageLogTest {
    private static SqsMessage message(long seq) {
        return new SqsMessage("id-" + seq, seq, "body", null, null, 0, null, null, null, null, null, 0, 0, 0, null);
    }

    @Test
    void matchesASortedMapUnderRandomAddsAndRemovals() {
        Random r = new Random(42);
        MessageLog log = new MessageLog();
        TreeMap<Long, SqsMessage> model = new TreeMap<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(10);
            if (op < 5 || model.isEmpty()) {
                SqsMessage m = message(next++);
                log.add(m);
                model.put(m.seq, m);
            } else if (op < 8) { // from the head, as a drain does
                SqsMessage m = model.pollFirstEntry().getValue();
                assertTrue(log.remove(m));
            } else {
                Long k = model.ceilingKey(model.firstKey() + r.nextInt((int) Math.min(1000, next)));
                if (k == null) k = model.lastKey();
                assertTrue(log.remove(model.remove(k)));
            }
            if (step % 997 == 0) {
                assertEquals(new ArrayList<>(model.values()), log.toList());
                assertEquals(new ArrayList<>(model.keySet()), log.seqs());
            }
            assertEquals(model.size(), log.size());
        }
        assertEquals(new ArrayList<>(model.values()), log.toList());
    }

    @Test
    void removingAMessageNotHeldChangesNothing() {
        MessageLog log = new MessageLog();
        SqsMessage a = message(1), b = message(2);
        log.add(a);
        log.add(b);
        assertFalse(log.remove(message(2)), "another object with the same seq");
        assertFalse(log.remove(message(3)));
        assertTrue(log.remove(a));
        assertFalse(log.remove(a), "removed twice");
        assertEquals(List.of(b), log.toList());
    }

    @Test
    void outOfOrderAddsAreKeptInSeqOrder() {
        MessageLog log = new MessageLog();
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= 100; s++) seqs.add(s * 2);
        Collections.shuffle(seqs, new Random(7));
        for (long s : seqs) log.add(message(s));
        Collections.sort(seqs);
        assertEquals(seqs, log.seqs());
    }

    @Test
    void aChangeDuringAnIterationIsRefusedAsTheMapRefusedIt() {
        MessageLog log = new MessageLog();
        SqsMessage a = message(1);
        log.add(a);
        log.add(message(2));
        Iterator<SqsMessage> it = log.iterator();
        assertEquals(a, it.next());
        log.remove(a);
        assertThrows(ConcurrentModificationException.class, it::hasNext);
        Iterator<SqsMessage> again = log.iterator();
        log.add(message(3));
        assertThrows(ConcurrentModificationException.class, again::next);
    }

    @Test
    void aSeqHeldAlreadyIsReplacedAsTheMapReplacedIt() {
        MessageLog log = new MessageLog();
        SqsMessage a = message(1), b = message(2), c = message(3);
        log.add(a);
        log.add(b);
        log.add(c);
        SqsMessage b2 = message(2);
        log.add(b2);
        assertEquals(List.of(a, b2, c), log.toList());
        log.remove(b2);
        log.add(b); // into its cleared slot
        assertEquals(List.of(a, b, c), log.toList());
        assertEquals(3, log.size());
    }

    @Test
    void holesLeftBehindTheHeadAreReclaimedWithoutLosingOrder() {
        MessageLog log = new MessageLog();
        List<SqsMessage> all = new ArrayList<>();
        for (long s = 1; s <= 1000; s++) {
            SqsMessage m = message(s);
            all.add(m);
            log.add(m);
        }
        List<SqsMessage> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % 10 == 5) kept.add(all.get(i));
            else assertTrue(log.remove(all.get(i)));
        }
        assertEquals(kept, log.toList());
        for (SqsMessage m : kept) assertFalse(log.remove(message(m.seq)), "found by seq after the arrays moved");
        SqsMessage last = message(1001);
        log.add(last);
        kept.add(last);
        assertEquals(kept, log.toList());
        for (SqsMessage m : kept) assertTrue(log.remove(m));
        assertEquals(0, log.size());
    }

    @Test
    void clearEmptiesTheLog() {
        MessageLog log = new MessageLog();
        for (long s = 1; s <= 2000; s++) log.add(message(s));
        log.clear();
        assertEquals(0, log.size());
        assertFalse(log.iterator().hasNext());
        log.add(message(5000));
        assertEquals(List.of(5000L), log.seqs());
    }
}
