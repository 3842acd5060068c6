package io.awsemu.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.service.AsyncOperationHandler;
import io.awsemu.core.service.InternalServices;
import io.awsemu.core.service.OperationHandler;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/compatibility/sqs.md lists every model operation, and marks exactly the bound ones as served. */
class SqsCompatibilityDocTest {

    @Test
    void tableMatchesModelAndBindings() throws Exception {
        Set<String> bound = new TreeSet<>();
        ScheduledExecutorService sched = Executors.newSingleThreadScheduledExecutor();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            io.awsemu.core.storage.KeyValueStore records = new io.awsemu.core.storage.InMemoryKeyValueStore();
            ServiceContext ctx = new ServiceContext() {
                public EmulatorConfig config() { return EmulatorConfig.of(Map.of()); }
                public Clock clock() { return Clock.systemUTC(); }
                public BlobStore blobs() { throw new UnsupportedOperationException(); }
                public MetadataDb metadata() { return db; }
                public io.awsemu.core.storage.KeyValueStore records() { return records; }
                public ScheduledExecutorService scheduler() { return sched; }
                public Executor workers() { return Runnable::run; }
                public InternalServices internal() { return new InternalServices(); }
                public io.awsemu.core.storage.BlobCollector blobCollector() { throw new UnsupportedOperationException(); }
            };
            new SqsService().bind(new ServiceBinder() {
                public <I, O> void operation(String name, Class<I> t, OperationHandler<I, O> h) { bound.add(name); }
                public <I, O> void asyncOperation(String name, Class<I> t, AsyncOperationHandler<I, O> h) { bound.add(name); }
                public void raw(RawHandler h, Predicate<HttpRequestHead> s) {}
                public void quirks(ProtocolQuirks q) {}
                public void developerEndpoint(String prefix, RawHandler h) {}
            }, ctx);
        } finally {
            sched.shutdownNow();
        }
        Set<String> model = new TreeSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("awsemu/models/sqs-2012-11-05-model.json")) {
            JsonNode m = new ObjectMapper().readTree(in);
            m.get("operations").fieldNames().forEachRemaining(model::add);
        }
        Map<String, String> doc = new TreeMap<>();
        Path file = Path.of("..", "docs", "compatibility", "sqs.md");
        for (String line : Files.readAllLines(file)) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && model.contains(cells[1].trim())) doc.put(cells[1].trim(), cells[2].trim());
        }
        assertEquals(model, doc.keySet(), "every model operation has a row");
        Set<String> served = new TreeSet<>();
        doc.forEach((op, status) -> { if (status.equals("supported") || status.equals("partial")) served.add(op); });
        assertEquals(bound, served, "supported/partial rows are exactly the bound operations");
    }
}
