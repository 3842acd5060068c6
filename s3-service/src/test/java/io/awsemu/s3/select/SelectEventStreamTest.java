package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our framing, decoded by the AWS SDK's own event stream decoder. */
class SelectEventStreamTest {

    private static Message decodeOne(byte[] bytes) {
        MessageDecoder d = new MessageDecoder();
        d.feed(bytes);
        List<Message> messages = d.getDecodedMessages();
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    private static Map<String, String> headers(Message m) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        m.getHeaders().forEach((k, v) -> out.put(k, v.getString()));
        return out;
    }

    @Test
    void recordsCarryPayloadAndEventHeaders() {
        byte[] payload = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        Message m = decodeOne(EventStream.records(payload));
        assertEquals(Map.of(":event-type", "Records", ":content-type", "application/octet-stream",
                ":message-type", "event"), headers(m));
        assertArrayEquals(payload, m.getPayload());
    }

    @Test
    void statsPayloadIsTheStatsXml() {
        Message m = decodeOne(EventStream.stats(10, 20, 30));
        assertEquals(Map.of(":event-type", "Stats", ":content-type", "text/xml", ":message-type", "event"), headers(m));
        assertEquals("<Stats><BytesScanned>10</BytesScanned><BytesProcessed>20</BytesProcessed>"
                + "<BytesReturned>30</BytesReturned></Stats>", new String(m.getPayload(), StandardCharsets.UTF_8));
    }

    @Test
    void progressPayloadIsTheProgressXml() {
        Message m = decodeOne(EventStream.progress(1, 2, 3));
        assertEquals(Map.of(":event-type", "Progress", ":content-type", "text/xml", ":message-type", "event"), headers(m));
        assertEquals("<Progress><BytesScanned>1</BytesScanned><BytesProcessed>2</BytesProcessed>"
                + "<BytesReturned>3</BytesReturned></Progress>", new String(m.getPayload(), StandardCharsets.UTF_8));
    }

    @Test
    void contAndEndHaveNoPayload() {
        Message cont = decodeOne(EventStream.cont());
        assertEquals(Map.of(":event-type", "Cont", ":message-type", "event"), headers(cont));
        assertEquals(0, cont.getPayload().length);
        Message end = decodeOne(EventStream.end());
        assertEquals(Map.of(":event-type", "End", ":message-type", "event"), headers(end));
        assertEquals(0, end.getPayload().length);
    }

    @Test
    void errorCarriesCodeAndMessage() {
        Message m = decodeOne(EventStream.error("CSVParsingError", "bad ünïcode row"));
        assertEquals(Map.of(":error-code", "CSVParsingError", ":error-message", "bad ünïcode row",
                ":message-type", "error"), headers(m));
        assertEquals(0, m.getPayload().length);
    }

    @Test
    void overlongErrorMessageIsCutToFitAHeader() {
        Message m = decodeOne(EventStream.error("X", "é".repeat(40_000)));
        String msg = m.getHeaders().get(":error-message").getString();
        assertTrue(msg.getBytes(StandardCharsets.UTF_8).length <= Short.MAX_VALUE);
        assertTrue(msg.length() > 10_000);
    }

    @Test
    void exactFramingOfEndMessage() {
        byte[] bytes = EventStream.end();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int total = b.getInt();
        int headersLength = b.getInt();
        assertEquals(bytes.length, total);
        // ":event-type"=End (1+11+1+2+3) and ":message-type"=event (1+13+1+2+5)
        assertEquals(18 + 22, headersLength);
        assertEquals(total, 12 + headersLength + 4);
        CRC32 prelude = new CRC32();
        prelude.update(bytes, 0, 8);
        assertEquals((int) prelude.getValue(), b.getInt());
        assertEquals(11, bytes[12]);
        assertEquals(":event-type", new String(bytes, 13, 11, StandardCharsets.US_ASCII));
        assertEquals(7, bytes[24]);
        assertEquals(0, bytes[25]);
        assertEquals(3, bytes[26]);
        assertEquals("End", new String(bytes, 27, 3, StandardCharsets.US_ASCII));
        CRC32 message = new CRC32();
        message.update(bytes, 0, total - 4);
        assertEquals((int) message.getValue(), ByteBuffer.wrap(bytes, total - 4, 4).getInt());
    }

    @Test
    void aStreamOfMessagesDecodesInOrderEvenFedByteByByte() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(EventStream.records("x\n".getBytes(StandardCharsets.UTF_8)));
        s.writeBytes(EventStream.cont());
        s.writeBytes(EventStream.stats(1, 1, 2));
        s.writeBytes(EventStream.end());
        MessageDecoder d = new MessageDecoder();
        for (byte x : s.toByteArray()) d.feed(new byte[] {x});
        List<String> types = d.getDecodedMessages().stream()
                .map(m -> m.getHeaders().get(":event-type").getString()).toList();
        assertEquals(List.of("Records", "Cont", "Stats", "End"), types);
    }

    @Test
    void sdkEncoderProducesTheSameBytesForTheSameHeaders() {
        // the SDK keeps header order as given, so the same order must give byte-identical messages
        java.util.LinkedHashMap<String, software.amazon.eventstream.HeaderValue> h = new java.util.LinkedHashMap<>();
        h.put(":event-type", software.amazon.eventstream.HeaderValue.fromString("Records"));
        h.put(":content-type", software.amazon.eventstream.HeaderValue.fromString("application/octet-stream"));
        h.put(":message-type", software.amazon.eventstream.HeaderValue.fromString("event"));
        byte[] payload = "1,2\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer sdk = new Message(h, payload).toByteBuffer();
        byte[] sdkBytes = new byte[sdk.remaining()];
        sdk.get(sdkBytes);
        assertArrayEquals(sdkBytes, EventStream.records(payload));
    }
}
