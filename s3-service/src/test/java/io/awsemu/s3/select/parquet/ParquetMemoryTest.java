package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.SelectException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static io.awsemu.s3.select.parquet.ParquetTesting.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Parquet reads running at once hold at most their budget in pages and dictionaries: a row group needing more is
 * OverMaxParquetBlockSize (never an OutOfMemoryError, which ends the server), and a reader gives back what it held.
 */
class ParquetMemoryTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();
    static Path wide;

    @BeforeAll
    static void files() {
        // 40 columns of ~1 MB random text each per row group: ~80 MB of page buffers at once
        StringBuilder cols = new StringBuilder("i");
        for (int c = 0; c < 40; c++) cols.append(", md5((i * 41 + ").append(c).append(")::VARCHAR) || md5(i::VARCHAR) AS c").append(c);
        wide = t.write("SELECT " + cols + " FROM range(20000) r(i)", "COMPRESSION UNCOMPRESSED, ROW_GROUP_SIZE 20480");
    }

    @Test
    void aRowGroupNeedingMoreThanTheBudgetIsRefused() throws IOException {
        AtomicLong pool = new AtomicLong();
        MemoryBudget small = new MemoryBudget(8 << 20, pool);
        try (ParquetReader r = ParquetReader.open(source(wide), null, null, small)) {
            SelectException e = assertThrows(SelectException.class, r::next);
            assertEquals("OverMaxParquetBlockSize", e.code(), e.toString());
            assertTrue(pool.get() <= 8 << 20, "never past the budget: " + pool.get());
        }
        assertEquals(0, pool.get(), "a closed reader holds nothing");

        // with room, the same file reads whole, and what it held is given back at the end
        MemoryBudget large = new MemoryBudget(512 << 20, pool);
        long rows = 0;
        try (ParquetReader r = ParquetReader.open(source(wide), null, null, large)) {
            ObjectNode first = r.next();
            assertNotNull(first);
            assertTrue(pool.get() > 8 << 20, "the pages of 41 columns: " + pool.get());
            for (rows = 1; r.next() != null; rows++) { }
        }
        assertEquals(20_000, rows);
        assertEquals(0, pool.get());
    }

    @Test
    void readersShareOneBudget() throws IOException {
        AtomicLong pool = new AtomicLong();
        try (ParquetReader a = ParquetReader.open(source(wide), null, null, new MemoryBudget(512 << 20, pool))) {
            a.next();
            long held = pool.get();
            assertTrue(held > 0);
            // a second reader of the same file cannot take what the first holds
            try (ParquetReader b = ParquetReader.open(source(wide), null, null, new MemoryBudget(held + (1 << 20), pool))) {
                assertEquals("OverMaxParquetBlockSize", assertThrows(SelectException.class, b::next).code());
            }
            assertEquals(held, pool.get(), "the refused reader gave back what it took");
        }
        assertEquals(0, pool.get());
    }
}
