package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.s3.select.SelectRequest.Compression;
import io.awsemu.s3.select.SelectRequest.JsonInput;
import io.awsemu.s3.select.SelectRequest.JsonType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static io.awsemu.s3.select.SelectRecordReaderTest.code;
import static io.awsemu.s3.select.SelectRecordReaderTest.req;
import static io.awsemu.s3.select.SelectRecordReaderTest.trickle;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JSON LINES records hold only the top-level members the query reads ({@link SelectQuery#fields()}): the same values
 * as a whole read for those, and the same errors for a bad line, whatever the rest of the line holds.
 */
class SelectJsonLinesFieldsTest {
    static final SelectRequest LINES = req(new JsonInput(JsonType.LINES), Compression.NONE, null);

    static List<JsonNode> read(InputStream object, long size, Predicate<String> fields) {
        RecordReader r = RecordReader.open(object, LINES, size, fields);
        List<JsonNode> out = new ArrayList<>();
        for (InputRecord rec = r.next(); rec != null; rec = r.next()) out.add(((InputRecord.Json) rec).value());
        return out;
    }

    static List<JsonNode> read(String object, Predicate<String> fields) {
        byte[] b = object.getBytes(StandardCharsets.UTF_8);
        return read(new ByteArrayInputStream(b), b.length, fields);
    }

    @Test
    void onlyTheMembersAskedForAreBuilt() {
        List<JsonNode> some = read("{\"id\":1,\"Name\":\"x\",\"big\":{\"a\":[1,2,{\"b\":null}]},\"d\":1.50}\n[1,2]\n\"s\"\n",
                SelectQuery.parse("SELECT s.id, s.name FROM S3Object s WHERE s.d > 1").fields());
        assertEquals("{\"id\":1,\"Name\":\"x\",\"d\":1.50}", some.get(0).toString());
        assertEquals("[1,2]", some.get(1).toString(), "a line that is not an object is read whole");
        assertEquals("\"s\"", some.get(2).toString());
        assertEquals("{}", read("{\"a\":{\"b\":[1,{}]}}\n", name -> false).get(0).toString());
    }

    @Test
    void aBadLineIsAnErrorWhereverItIsBad() {
        Predicate<String> none = name -> false;
        for (String bad : List.of("{\"a\":1}{}", "{\"a\":[1,}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":tru}", "{\"a\":1", "{\"a\":1} x")) {
            assertEquals("JSONParsingError", code(() -> read(bad + "\n", none)), bad);
            assertEquals("JSONParsingError", code(() -> read(bad + "\n", null)), bad);
        }
    }

    /** Random lines, read whole and with a random choice of members, through a stream that gives 1 to 9 bytes a read. */
    @Test
    void theSameValuesAsAWholeReadForRandomLines() {
        SplittableRandom r = new SplittableRandom(11);
        String[] names = {"a", "A", "b", "id", "tags", "o", "x y", "\u00e9"};
        for (int round = 0; round < 200; round++) {
            StringBuilder object = new StringBuilder();
            int lines = 1 + r.nextInt(40);
            for (int l = 0; l < lines; l++) {
                if (r.nextInt(10) == 0) {
                    object.append(r.nextBoolean() ? "  \r" : "[1,{\"a\":2}]");
                } else {
                    object.append('{');
                    int members = r.nextInt(6);
                    for (int m = 0; m < members; m++) {
                        if (m > 0) object.append(',');
                        object.append('"').append(names[r.nextInt(names.length)]).append("\":").append(value(r, 3));
                    }
                    object.append('}');
                }
                object.append(r.nextBoolean() ? "\n" : "\r\n");
            }
            if (r.nextBoolean()) object.setLength(object.length() - 1); // no newline after the last line
            byte[] bytes = object.toString().getBytes(StandardCharsets.UTF_8);
            List<JsonNode> whole = read(trickle(bytes, 1 + r.nextInt(9)), bytes.length, null);
            List<String> wanted = new ArrayList<>();
            for (String n : names) if (r.nextBoolean()) wanted.add(n);
            List<JsonNode> some = read(trickle(bytes, 1 + r.nextInt(9)), bytes.length, wanted::contains);
            assertEquals(whole.size(), some.size(), object.toString());
            for (int i = 0; i < whole.size(); i++) {
                JsonNode w = whole.get(i);
                if (!w.isObject()) {
                    assertEquals(w, some.get(i));
                    continue;
                }
                var expected = w.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected).retain(wanted);
                assertEquals(expected, some.get(i), object.toString());
            }
        }
    }

    static String value(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(r.nextBoolean());
            case 2 -> String.valueOf(r.nextLong());
            case 3 -> r.nextInt(1000) + "." + r.nextInt(100) + "0";
            case 4 -> "\"t\\\"\\u00e9" + r.nextInt(100) + "\"";
            case 5 -> "-1.5e" + r.nextInt(30);
            case 6 -> "[" + value(r, depth - 1) + "," + value(r, depth - 1) + "]";
            default -> "{\"k\":" + value(r, depth - 1) + ",\"a\":" + value(r, depth - 1) + "}";
        };
    }
}
