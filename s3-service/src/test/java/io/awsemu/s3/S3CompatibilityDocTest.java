package io.awsemu.s3;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.InMemoryBucketStore;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/compatibility/s3.md cannot lie: one row per routed operation, "not yet" exactly when unbound. */
class S3CompatibilityDocTest {

    @Test
    void docMatchesTheRouteTableAndBindings() throws Exception {
        Path doc = Path.of("..", "docs", "compatibility", "s3.md");
        assertTrue(Files.exists(doc), doc.toAbsolutePath().toString());
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("\\|");
            if (cells.length < 3 || !line.startsWith("| ")) continue;
            String op = cells[1].trim();
            if (op.equals("operation") || op.startsWith("---")) continue;
            assertTrue(rows.put(op, cells[2].trim()) == null, "two rows for " + op);
        }
        BucketEngine buckets = new BucketEngine(new InMemoryBucketStore(), Clock.systemUTC());
        ObjectEngine objects = new ObjectEngine(buckets, null, new InMemoryBlobStore(), Clock.systemUTC());
        S3Router router = S3Service.router(buckets, objects, new MultipartEngine(objects, null), "localhost");
        assertEquals(S3Routes.operations(), rows.keySet().stream().toList(), "rows in route-table order");
        rows.forEach((op, status) -> {
            if (router.isBound(op)) {
                assertTrue(status.equals("supported") || status.equals("partial"), op + " is bound but says " + status);
            } else {
                assertEquals("not yet", status, op + " is not bound");
            }
        });
    }
}
