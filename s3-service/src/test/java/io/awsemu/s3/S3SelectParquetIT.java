package io.awsemu.s3;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.s3.select.parquet.ParquetHandMadeTest;
import io.awsemu.s3.select.parquet.ParquetReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CSVOutput;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CompressionType;
import software.amazon.awssdk.services.s3.model.ExpressionType;
import software.amazon.awssdk.services.s3.model.InputSerialization;
import software.amazon.awssdk.services.s3.model.JSONOutput;
import software.amazon.awssdk.services.s3.model.OutputSerialization;
import software.amazon.awssdk.services.s3.model.ParquetInput;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ScanRange;
import software.amazon.awssdk.services.s3.model.SelectObjectContentRequest;
import software.amazon.awssdk.services.s3.model.SelectObjectContentResponseHandler;
import software.amazon.awssdk.services.s3.model.Stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SelectObjectContent over Parquet objects written by DuckDB, through SDK v2's async client, boto3 and the AWS CLI:
 * typed columns (no CAST needed), DECIMAL, TIMESTAMP and DATE, structs, NULLs, many row groups, ScanRange by row
 * group, and the Parquet errors (an unsupported codec or type, a file that is not Parquet, a row group over 512 MB,
 * whole-object compression).
 */
class S3SelectParquetIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();
    /** On disk, with RocksDB's blob store, for the select whose object is replaced mid-way. */
    @RegisterExtension
    static EmulatorExtension disk = EmulatorExtension.builder().property("auth", "known").persistent().build();

    static final String BUCKET = "select-parquet-it";
    /** Five rows of every kind of column S3 Select reads from Parquet. */
    static final String PEOPLE = "SELECT i AS id, 'name' || i AS name, i * 1.5 AS score, (i * 0.25)::DECIMAL(10, 2) AS price,"
            + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (i) SECOND AS ts, DATE '2020-01-01' + i::INTEGER AS day,"
            + " CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag, {'city': 'c' || (i % 2), 'zip': i} AS addr"
            + " FROM range(5) t(i)";
    static final int LARGE_ROWS = 300_000;

    static Path dir;
    static S3Client s3;
    static S3AsyncClient async;
    /** The large object's row groups: first byte and row count, from DuckDB's parquet_metadata. */
    static List<long[]> largeGroups = new ArrayList<>();
    static long largeSize;

    @BeforeAll
    static void setUp() throws Exception {
        s3 = S3TestClients.pathStyle(emu);
        async = S3TestClients.async(emu);
        s3.createBucket(b -> b.bucket(BUCKET));
        dir = Files.createTempDirectory("select-parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            put(st, "people.parquet", PEOPLE, "COMPRESSION SNAPPY");
            put(st, "people-gzip-v2.parquet", PEOPLE, "COMPRESSION GZIP, PARQUET_VERSION V2");
            put(st, "people-zstd.parquet", PEOPLE, "COMPRESSION ZSTD");
            put(st, "lists.parquet", "SELECT 1 AS id, [1, 2] AS xs", "COMPRESSION SNAPPY");
            put(st, "large.parquet", "SELECT i AS id, CASE WHEN i % 100000 = 7 THEN 'rare' ELSE 'common' END AS kind,"
                    + " md5(i::VARCHAR) AS payload FROM range(" + LARGE_ROWS + ") t(i)", "COMPRESSION SNAPPY, ROW_GROUP_SIZE 100000");
            try (ResultSet rs = st.executeQuery("SELECT row_group_id, min(least(coalesce(dictionary_page_offset, data_page_offset),"
                    + " data_page_offset)), any_value(row_group_num_rows) FROM parquet_metadata('" + dir.resolve("large.parquet")
                    + "') GROUP BY row_group_id ORDER BY row_group_id")) {
                while (rs.next()) largeGroups.add(new long[] {rs.getLong(2), rs.getLong(3)});
            }
            largeSize = Files.size(dir.resolve("large.parquet"));
        }
        putMultipart(s3, BUCKET, "large-mp.parquet", Files.readAllBytes(dir.resolve("large.parquet")));
        s3.putObject(b -> b.bucket(BUCKET).key("not-parquet.parquet"), RequestBody.fromString("id,name\n1,a\n"));
    }

    static void put(Statement st, String key, String query, String options) throws SQLException, IOException {
        Path file = dir.resolve(key);
        st.execute("COPY (" + query + ") TO '" + file + "' (FORMAT PARQUET, " + options + ")");
        s3.putObject(b -> b.bucket(BUCKET).key(key), file);
    }

    /** The object as a multipart upload of 5 MiB parts: its pages then straddle parts. */
    static void putMultipart(S3Client s3, String bucket, String key, byte[] bytes) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int part = 5 << 20;
        for (int off = 0, n = 1; off < bytes.length; off += part, n++) {
            int number = n;
            byte[] piece = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + part));
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number),
                    RequestBody.fromBytes(piece)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        assertTrue(parts.size() >= 2, "a multipart object of " + parts.size() + " part(s)");
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    @AfterAll
    static void tearDown() throws IOException {
        s3.close();
        async.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    record Streamed(String records, Stats stats) {}

    static Streamed select(String key, String sql, OutputSerialization out, Consumer<SelectObjectContentRequest.Builder> more) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        AtomicReference<Stats> stats = new AtomicReference<>();
        SelectObjectContentRequest.Builder req = SelectObjectContentRequest.builder().bucket(BUCKET).key(key)
                .expression(sql).expressionType(ExpressionType.SQL).outputSerialization(out)
                .inputSerialization(InputSerialization.builder().parquet(ParquetInput.builder().build()).build());
        more.accept(req);
        async.selectObjectContent(req.build(), SelectObjectContentResponseHandler.builder()
                .subscriber(SelectObjectContentResponseHandler.Visitor.builder()
                        .onRecords(r -> records.writeBytes(r.payload().asByteArray()))
                        .onStats(s -> stats.set(s.details()))
                        .build())
                .build()).join();
        return new Streamed(records.toString(StandardCharsets.UTF_8), stats.get());
    }

    static String csv(String key, String sql) {
        return select(key, sql, OutputSerialization.builder().csv(CSVOutput.builder().build()).build(), b -> {}).records();
    }

    static String json(String key, String sql) {
        return select(key, sql, OutputSerialization.builder().json(JSONOutput.builder().build()).build(), b -> {}).records();
    }

    @Test
    void columnsKeepTheirTypes() {
        for (String key : List.of("people.parquet", "people-gzip-v2.parquet")) {
            // INT, FLOAT and DECIMAL compare and add without a CAST, as the schema types them
            assertEquals("name3\nname4\n", csv(key, "SELECT s.name FROM S3Object s WHERE s.id > 2"), key);
            assertEquals("10,3,0.50\n", csv(key, "SELECT SUM(s.id), COUNT(s.flag), MAX(s.price) - MIN(s.price) - 0.5"
                    + " FROM S3Object s"), key);
            assertEquals("FLOAT-ok\n", csv(key, "SELECT 'FLOAT-ok' FROM S3Object s WHERE s.score = 1.5e0"), key);
            // TIMESTAMP and DATE columns are timestamps; structs are reached by path
            assertEquals("c0\n", csv(key, "SELECT s.addr.city FROM S3Object s"
                    + " WHERE s.ts > CAST('2020-01-01T00:00:03Z' AS TIMESTAMP)"), key);
            assertEquals("3,2020\n", csv(key, "SELECT EXTRACT(DAY FROM s.day), EXTRACT(YEAR FROM s.ts) FROM S3Object s"
                    + " WHERE s.id = 2"), key);
            assertEquals("{\"id\":1,\"name\":\"name1\",\"score\":1.5,\"price\":0.25,\"ts\":\"2020-01-01T00:00:01Z\","
                    + "\"day\":\"2020-01-02T00:00:00Z\",\"flag\":false,\"addr\":{\"city\":\"c1\",\"zip\":1}}\n",
                    json(key, "SELECT * FROM S3Object s WHERE s.id = 1"), key);
            // a NULL column is an empty CSV field and a JSON null
            assertEquals("0,\n", csv(key, "SELECT s.id, s.flag FROM S3Object s WHERE s.id = 0"), key);
            assertEquals("{\"flag\":null}\n", json(key, "SELECT s.flag FROM S3Object s WHERE s.flag IS NULL LIMIT 1"), key);
        }
    }

    /**
     * Many row groups stream through a selective WHERE, reading only the columns the query names; a ScanRange keeps the
     * row groups that start inside it.
     */
    @Test
    void rowGroupsStreamAndScanRangesPickThem() {
        Streamed rare = select("large.parquet", "SELECT s.id FROM S3Object s WHERE s.kind = 'rare'",
                OutputSerialization.builder().csv(CSVOutput.builder().build()).build(), b -> {});
        assertEquals("7\n100007\n200007\n", rare.records());
        // only the id and kind columns are read: the payload column, most of the object, is never scanned
        assertTrue(rare.stats().bytesScanned() > 0 && rare.stats().bytesScanned() < largeSize / 2,
                rare.stats() + " of " + largeSize);
        assertTrue(rare.stats().bytesProcessed() > 0, rare.stats().toString());
        assertEquals(LARGE_ROWS + "\n", csv("large.parquet", "SELECT COUNT(*) FROM S3Object"));
        // the same bytes as a multipart object: positioned reads across its parts
        assertEquals("7\n100007\n200007\n", csv("large-mp.parquet", "SELECT s.id FROM S3Object s WHERE s.kind = 'rare'"));
        assertEquals(csv("large.parquet", "SELECT COUNT(*), SUM(s.id), MAX(s.payload) FROM S3Object s"),
                csv("large-mp.parquet", "SELECT COUNT(*), SUM(s.id), MAX(s.payload) FROM S3Object s"));

        assertTrue(largeGroups.size() >= 3, "DuckDB wrote " + largeGroups.size() + " row groups");
        long[] second = largeGroups.get(1);
        long firstRows = largeGroups.get(0)[1];
        String counted = select("large.parquet", "SELECT COUNT(*), MIN(s.id) FROM S3Object s",
                OutputSerialization.builder().csv(CSVOutput.builder().build()).build(),
                b -> b.scanRange(ScanRange.builder().start(second[0]).end(second[0] + 1).build())).records();
        assertEquals(second[1] + "," + firstRows + "\n", counted, "only the row group starting in the range");
    }

    /**
     * A select reads the object it started on to its end, as a GET does, whatever happens to the key meanwhile: the
     * client stops reading after the first Records event, the key is overwritten, and the client waits past the
     * emulator's grace for discarded blobs (5 s) before it reads on. A single-part object and a multipart one, in
     * memory and on disk.
     */
    @Test
    void aSelectInFlightReadsTheObjectItStartedOn() throws Exception {
        aSelectInFlightReadsTheObjectItStartedOn(s3, async, BUCKET);
        try (S3Client s3Disk = S3TestClients.pathStyle(disk); S3AsyncClient asyncDisk = S3TestClients.async(disk)) {
            s3Disk.createBucket(b -> b.bucket("select-on-disk"));
            aSelectInFlightReadsTheObjectItStartedOn(s3Disk, asyncDisk, "select-on-disk");
        }
    }

    private static void aSelectInFlightReadsTheObjectItStartedOn(S3Client s3, S3AsyncClient async, String bucket)
            throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve("large.parquet"));
        s3.putObject(b -> b.bucket(bucket).key("replaced.parquet"), RequestBody.fromBytes(bytes));
        putMultipart(s3, bucket, "replaced-mp.parquet", bytes);
        for (String key : List.of("replaced.parquet", "replaced-mp.parquet")) {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            ByteArrayOutputStream records = new ByteArrayOutputStream();
            SelectObjectContentRequest req = SelectObjectContentRequest.builder().bucket(bucket).key(key)
                    .expression("SELECT s.id, s.payload FROM S3Object s").expressionType(ExpressionType.SQL)
                    .inputSerialization(InputSerialization.builder().parquet(ParquetInput.builder().build()).build())
                    .outputSerialization(OutputSerialization.builder().csv(CSVOutput.builder().build()).build()).build();
            var select = async.selectObjectContent(req, SelectObjectContentResponseHandler.builder()
                    .subscriber(SelectObjectContentResponseHandler.Visitor.builder()
                            .onRecords(r -> {
                                records.writeBytes(r.payload().asByteArray());
                                if (first.getCount() > 0) {
                                    first.countDown();
                                    try {
                                        resume.await(60, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                            })
                            .build())
                    .build());
            assertTrue(first.await(60, TimeUnit.SECONDS), key);
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("not parquet any more"));
            Thread.sleep(6_000);
            resume.countDown();
            select.get(60, TimeUnit.SECONDS);
            List<String> lines = records.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(LARGE_ROWS, lines.size(), key);
            assertEquals("0,cfcd208495d565ef66e7dff9f98764da", lines.get(0), key);
            assertEquals((LARGE_ROWS - 1) + ",", lines.get(LARGE_ROWS - 1).substring(0, String.valueOf(LARGE_ROWS - 1).length() + 1), key);
        }
    }

    /**
     * A client that goes away mid-select: the reader is closed and gives back the memory its pages held (else every
     * later Parquet select would find less, and at last none). A raw request, so that the connection really closes.
     */
    @Test
    void aSelectTheClientAbandonsGivesBackWhatItHeld() throws Exception {
        s3.createBucket(b -> b.bucket("select-abandoned"));
        s3.putObject(b -> b.bucket("select-abandoned").key("large.parquet"), dir.resolve("large.parquet"));
        s3.deletePublicAccessBlock(b -> b.bucket("select-abandoned"));
        s3.putBucketPolicy(b -> b.bucket("select-abandoned").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::select-abandoned/*\"}]}"));
        assertEquals(0, ParquetReader.memoryHeld(), "no select running");
        String body = "<SelectObjectContentRequest><Expression>SELECT s.id, s.payload FROM S3Object s</Expression>"
                + "<ExpressionType>SQL</ExpressionType><InputSerialization><Parquet/></InputSerialization>"
                + "<OutputSerialization><CSV/></OutputSerialization></SelectObjectContentRequest>";
        try (Socket socket = new Socket("127.0.0.1", emu.port())) {
            socket.getOutputStream().write(("POST /select-abandoned/large.parquet?select&select-type=2 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", head);
            socket.getInputStream().readNBytes(256 * 1024); // rows are coming
            assertTrue(ParquetReader.memoryHeld() > 0, "the reader holds its pages while it streams");
        } // closed mid-answer
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ParquetReader.memoryHeld() != 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(0, ParquetReader.memoryHeld(), "the abandoned select gave back what it held");
    }

    @Test
    void parquetErrors() {
        assertEquals("ParquetUnsupportedCompressionCodec", errorEvent("people-zstd.parquet", "SELECT * FROM S3Object"));
        assertEquals("UnsupportedParquetType", errorEvent("lists.parquet", "SELECT s.id FROM S3Object s"));
        assertEquals("ParquetParsingError", errorEvent("not-parquet.parquet", "SELECT * FROM S3Object"));
        s3.putObject(b -> b.bucket(BUCKET).key("huge-row-group.parquet"),
                RequestBody.fromBytes(ParquetHandMadeTest.rowGroupClaiming(513L << 20)));
        assertEquals("OverMaxParquetBlockSize", errorEvent("huge-row-group.parquet", "SELECT * FROM S3Object"));

        CompletionException e = assertThrows(CompletionException.class, () -> select("people.parquet", "SELECT * FROM S3Object",
                OutputSerialization.builder().csv(CSVOutput.builder().build()).build(),
                b -> b.inputSerialization(InputSerialization.builder().parquet(ParquetInput.builder().build())
                        .compressionType(CompressionType.GZIP).build())));
        S3Exception s3e = assertInstanceOf(S3Exception.class, e.getCause(), String.valueOf(e.getCause()));
        assertEquals(400, s3e.statusCode());
        assertEquals("InvalidCompressionFormat", s3e.awsErrorDetails().errorCode());
    }

    /** The code of the error event that ended a select (SDK v2 hands the event's headers over). */
    static String errorEvent(String key, String sql) {
        CompletionException e = assertThrows(CompletionException.class, () -> csv(key, sql));
        S3Exception s3e = assertInstanceOf(S3Exception.class, e.getCause(), String.valueOf(e.getCause()));
        return s3e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(":error-code").orElse(null);
    }

    @Test
    void boto3AndTheCli() throws Exception {
        ProcessResult r = Boto2.boto3(getClass(), "/boto3_select_parquet.py", emu.port());
        var got = r.keyValues();
        assertEquals("name3|name4|", got.get("records"), r.toString());
        assertEquals("ParquetUnsupportedCompressionCodec", got.get("zstd"), r.toString());

        AwsCli.assumeInstalled();
        Path outFile = Files.createTempFile("select-cli", ".json");
        try {
            AwsCli.on(emu.port()).ok("s3api", "select-object-content", "--bucket", BUCKET, "--key", "people.parquet",
                    "--expression", "SELECT s.name, s.price FROM S3Object s WHERE s.addr.city = 'c1'", "--expression-type", "SQL",
                    "--input-serialization", "{\"Parquet\":{}}", "--output-serialization", "{\"JSON\":{}}", outFile.toString());
            assertEquals(List.of("{\"name\":\"name1\",\"price\":0.25}", "{\"name\":\"name3\",\"price\":0.75}"),
                    Files.readAllLines(outFile));
        } finally {
            Files.delete(outFile);
        }
    }
}
