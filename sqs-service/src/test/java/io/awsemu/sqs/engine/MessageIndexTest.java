package io.awsemu.sqs.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageIndexTest {
    private static SqsMessage message(String id) {
        return new SqsMessage(id, 1, "body", null, null, 0, null, null, null, null, null, 0, 0, 0, null);
    }

    private static String newId() {
        return Ids.format(Ids.messageIdHi(), Ids.messageIdLo());
    }

    @Test
    void uuidIdsRoundTripThroughTwoLongs() {
        for (int i = 0; i < 1000; i++) {
            String id = newId();
            assertTrue(Ids.canonical(id), id);
            assertEquals(4, UUID.fromString(id).version(), id);
            assertEquals(2, UUID.fromString(id).variant(), id);
            assertEquals(id, Ids.format(Ids.hi(id), Ids.lo(id)));
            assertEquals(id, message(id).id());
            assertNull(message(id).idText());
        }
        String upper = UUID.randomUUID().toString().toUpperCase();
        for (String other : List.of(upper, "msg-1", "", "0123456789abcdef0123456789abcdef0123", "x" + newId().substring(1))) {
            assertFalse(Ids.canonical(other), other);
            assertEquals(other, message(other).id(), "kept as written");
        }
    }

    @Test
    void matchesAHashMapUnderRandomPutsAndRemovals() {
        Random r = new Random(3);
        MessageIndex index = new MessageIndex();
        Map<String, SqsMessage> model = new HashMap<>();
        List<String> held = new ArrayList<>();
        for (int step = 0; step < 300_000; step++) {
            if (r.nextInt(100) < 55 || held.isEmpty()) {
                // mostly UUIDs; now and then an id in another form, and ids whose slots collide by construction
                String id = switch (r.nextInt(20)) {
                    case 0 -> "other-" + step;
                    case 1 -> new UUID(step, step).toString(); // hi ^ lo == 0: every such id has the same home slot
                    default -> newId();
                };
                SqsMessage m = message(id);
                index.put(m);
                if (model.put(id, m) == null) held.add(id);
            } else {
                String id = held.remove(r.nextInt(held.size()));
                SqsMessage m = model.remove(id);
                index.remove(m);
                assertNull(index.get(id), id);
            }
            if (step % 1009 == 0) {
                for (Map.Entry<String, SqsMessage> e : model.entrySet()) assertSame(e.getValue(), index.get(e.getKey()), e.getKey());
            }
            assertEquals(model.size(), index.size());
        }
        for (Map.Entry<String, SqsMessage> e : model.entrySet()) assertSame(e.getValue(), index.get(e.getKey()));
    }

    @Test
    void removingAnotherMessageWithTheSameIdKeepsTheOneHeld() {
        MessageIndex index = new MessageIndex();
        String id = newId();
        SqsMessage held = message(id);
        index.put(held);
        index.remove(message(id));
        assertSame(held, index.get(id));
        index.put(message("other"));
        index.remove(message("other"));
        assertEquals(2, index.size());
        assertNull(index.get("missing"));
        assertNull(index.get(newId()));
        index.clear();
        assertNull(index.get(id));
        assertEquals(0, index.size());
    }
}
