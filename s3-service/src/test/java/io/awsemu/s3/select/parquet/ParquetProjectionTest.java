package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.awsemu.s3.select.parquet.ParquetTesting.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A read of some top-level fields: the other columns' chunks are never read, and the rows have only those fields. */
class ParquetProjectionTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();
    static Path file;

    @BeforeAll
    static void files() {
        file = t.write("SELECT i AS id, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS payload,"
                + " {'x': i, 'y': {'z': 'z' || i}} AS nested, i % 2 = 0 AS even FROM range(30000) r(i)",
                "COMPRESSION SNAPPY, ROW_GROUP_SIZE 10240");
    }

    record Read(List<ObjectNode> rows, long scanned, long processed) {}

    static Read read(Predicate<String> fields) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        try (ParquetReader r = ParquetReader.open(source(file), null, fields)) {
            for (ObjectNode row; (row = r.next()) != null; ) rows.add(row);
            return new Read(rows, r.bytesScanned(), r.bytesProcessed());
        }
    }

    @Test
    void onlyTheFieldsAskedForAreReadAndReturned() throws IOException {
        Read all = read(null);
        Read some = read(name -> name.equals("id") || name.equals("nested"));
        Read none = read(name -> false);
        assertEquals(30_000, all.rows().size());
        assertEquals(30_000, some.rows().size());
        assertEquals(30_000, none.rows().size(), "COUNT(*) still sees every row");
        for (int i = 0; i < 30_000; i += 997) {
            ObjectNode full = all.rows().get(i), part = some.rows().get(i);
            assertEquals(List.of("id", "nested"), iterable(part));
            assertEquals(full.get("id"), part.get("id"));
            assertEquals(full.get("nested"), part.get("nested"), "a struct's fields all come with it");
            assertEquals(0, none.rows().get(i).size());
        }
        // the payload column is most of the file: leaving it out leaves most of the bytes unread
        assertTrue(some.scanned() < all.scanned() / 3, some.scanned() + " of " + all.scanned());
        assertTrue(some.processed() < all.processed() / 3, some.processed() + " of " + all.processed());
        assertTrue(none.scanned() < some.scanned(), none.scanned() + " vs " + some.scanned());
    }

    static List<String> iterable(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
