package io.awsemu.s3.select;

import io.awsemu.s3.select.SelectRequest.Compression;
import io.awsemu.s3.select.SelectRequest.CsvInput;
import io.awsemu.s3.select.SelectRequest.CsvOutput;
import io.awsemu.s3.select.SelectRequest.FileHeaderInfo;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event stream as the front end reads it: events in order, records in pieces, work in slices. */
class SelectStreamTest {
    static final SelectRequest CSV = new SelectRequest("unused", new CsvInput(FileHeaderInfo.USE, "#", "\"", "\n", ",", "\"",
            false), Compression.NONE, CsvOutput.DEFAULT, false, null);

    record Event(String type, String payload, String code) {}

    static SelectStream stream(InputStream object, long size, String sql, boolean progress) {
        return new SelectStream(() -> RecordReader.open(object, CSV, size), SelectQuery.parse(sql).start(),
                RecordWriter.of(CSV), progress);
    }

    /** Reads the stream as the front end does (what is available, then a read that may work) and decodes its events. */
    static List<Event> events(SelectStream s) throws IOException {
        MessageDecoder d = new MessageDecoder();
        byte[] buf = new byte[8192];
        for (int n = s.read(buf); n >= 0; n = s.read(buf, 0, Math.max(1, Math.min(buf.length, s.available())))) {
            d.feed(buf, 0, n);
        }
        List<Event> out = new ArrayList<>();
        for (Message m : d.getDecodedMessages()) {
            String type = m.getHeaders().containsKey(":event-type") ? m.getHeaders().get(":event-type").getString() : "error";
            String code = m.getHeaders().containsKey(":error-code") ? m.getHeaders().get(":error-code").getString() : null;
            out.add(new Event(type, new String(m.getPayload(), StandardCharsets.UTF_8), code));
        }
        return out;
    }

    static byte[] rows(int n) {
        StringBuilder sb = new StringBuilder("id,v\n");
        for (int i = 0; i < n; i++) sb.append(i).append(',').append(i % 10).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsThenStatsThenEnd() throws IOException {
        byte[] object = rows(3);
        List<Event> events = events(stream(new ByteArrayInputStream(object), object.length, "SELECT s.id FROM S3Object s", false));
        assertEquals(List.of("Records", "Stats", "End"), events.stream().map(Event::type).toList());
        assertEquals("0\n1\n2\n", events.get(0).payload());
        assertEquals("<Stats><BytesScanned>" + object.length + "</BytesScanned><BytesProcessed>" + object.length
                + "</BytesProcessed><BytesReturned>6</BytesReturned></Stats>", events.get(1).payload());
    }

    @Test
    void manyRowsGoInRecordsEventsOfAboutSixtyFourKiB() throws IOException {
        byte[] object = rows(200_000);
        List<Event> events = events(stream(new ByteArrayInputStream(object), object.length, "SELECT * FROM S3Object", true));
        List<Event> records = events.stream().filter(e -> e.type().equals("Records")).toList();
        assertTrue(records.size() > 10, records.size() + " Records events");
        for (Event e : records.subList(0, records.size() - 1)) {
            assertTrue(e.payload().length() >= SelectStream.RECORDS_EVENT && e.payload().length() < SelectStream.RECORDS_EVENT + 64,
                    e.payload().length() + " bytes");
        }
        assertEquals(new String(object, StandardCharsets.UTF_8).substring("id,v\n".length()),
                String.join("", records.stream().map(Event::payload).toList()));
        assertEquals(records.size(), events.stream().filter(e -> e.type().equals("Progress")).count(),
                "a Progress event after each Records event when asked");
        assertEquals("End", events.get(events.size() - 1).type());
    }

    @Test
    void anAggregateComesAtTheEndAndLimitStopsReading() throws IOException {
        byte[] object = rows(1000);
        List<Event> agg = events(stream(new ByteArrayInputStream(object), object.length,
                "SELECT COUNT(*), SUM(CAST(s.v AS INT)) FROM S3Object s", false));
        assertEquals("1000,4500\n", agg.get(0).payload());

        CountingStream counting = new CountingStream(rows(500_000));
        List<Event> limited = events(stream(counting, counting.size, "SELECT s.id FROM S3Object s LIMIT 2", false));
        assertEquals("0\n1\n", limited.get(0).payload());
        assertTrue(counting.read < counting.size / 4, "LIMIT stops reading the object: read " + counting.read);
    }

    @Test
    void anErrorWhileReadingComesAfterTheRecordsMadeBeforeIt() throws IOException {
        byte[] object = "id,v\n1,a\n2,b\nx,c\n4,d\n".getBytes(StandardCharsets.UTF_8);
        List<Event> events = events(stream(new ByteArrayInputStream(object), object.length,
                "SELECT CAST(s.id AS INT) FROM S3Object s", false));
        assertEquals(List.of("Records", "error"), events.stream().map(Event::type).toList());
        assertEquals("1\n2\n", events.get(0).payload());
        assertEquals("CastFailed", events.get(1).code());
    }

    /** A scan that matches nothing still answers: each slice of work that made no records sends a Cont event. */
    @Test
    void aLongScanWithoutMatchesSendsContEventsMeanwhile() throws IOException {
        byte[] object = rows(1000);
        int[] consumed = {0};
        InputStream slow = new ByteArrayInputStream(object) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int n = super.read(b, off, Math.min(len, 16)); // a 16-byte read every 2 ms: at least 0.75 s for the object
                if (n > 0) consumed[0] += n;
                return n;
            }
        };
        SelectStream s = stream(slow, object.length, "SELECT s.id FROM S3Object s WHERE s.id = 'none'", false);
        byte[] first = new byte[8192];
        int n = s.read(first);
        // the first read gave up its slice long before the object's end (no clock asserted: the sleeps alone take 0.75 s)
        assertTrue(n > 0 && consumed[0] < object.length / 2, "the first read consumed " + consumed[0] + " of " + object.length);
        MessageDecoder d = new MessageDecoder();
        d.feed(first, 0, n);
        assertEquals("Cont", d.getDecodedMessages().get(0).getHeaders().get(":event-type").getString());

        List<Event> rest = events(s);
        assertTrue(rest.stream().anyMatch(e -> e.type().equals("Cont")), rest.toString());
        assertEquals(List.of("Stats", "End"), rest.subList(rest.size() - 2, rest.size()).stream().map(Event::type).toList());
    }

    /** A defect (an unexpected exception) is S3's InternalError event, not a connection cut mid-stream. */
    @Test
    void anUnexpectedExceptionIsAnInternalErrorEvent() throws IOException {
        SelectStream s = new SelectStream(() -> {
            throw new IllegalStateException("a bug");
        }, SelectQuery.parse("SELECT * FROM S3Object").start(), RecordWriter.of(CSV), false);
        List<Event> events = events(s);
        assertEquals(List.of("error"), events.stream().map(Event::type).toList());
        assertEquals("InternalError", events.get(0).code());
    }

    @Test
    void aFailingObjectStreamIsAnIOException() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        SelectStream s = stream(broken, 100, "SELECT * FROM S3Object", false);
        IOException e = assertThrows(IOException.class, () -> s.read(new byte[10]));
        assertEquals("disk gone", e.getMessage());
    }

    static final class CountingStream extends ByteArrayInputStream {
        final long size;
        long read;

        CountingStream(byte[] b) {
            super(b);
            size = b.length;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) read += n;
            return n;
        }
    }
}
