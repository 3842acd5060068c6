package io.awsemu.s3;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.SelectObjectContentResult;
import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CSVInput;
import software.amazon.awssdk.services.s3.model.CSVOutput;
import software.amazon.awssdk.services.s3.model.CompressionType;
import software.amazon.awssdk.services.s3.model.ExpressionType;
import software.amazon.awssdk.services.s3.model.FileHeaderInfo;
import software.amazon.awssdk.services.s3.model.InputSerialization;
import software.amazon.awssdk.services.s3.model.JSONInput;
import software.amazon.awssdk.services.s3.model.JSONOutput;
import software.amazon.awssdk.services.s3.model.JSONType;
import software.amazon.awssdk.services.s3.model.OutputSerialization;
import software.amazon.awssdk.services.s3.model.QuoteFields;
import software.amazon.awssdk.services.s3.model.RequestProgress;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ScanRange;
import software.amazon.awssdk.services.s3.model.SelectObjectContentRequest;
import software.amazon.awssdk.services.s3.model.SelectObjectContentResponseHandler;
import software.amazon.awssdk.services.s3.model.Stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SelectObjectContent through SDK v2's async client (the only v2 client that has it), SDK v1, boto3 and the AWS CLI:
 * CSV and JSON input, GZIP, header modes, quoting, aggregates, LIMIT, ScanRange, Progress and Stats events, an error
 * met while streaming, the request errors, and a 40 MB object streamed through a selective WHERE.
 */
class S3SelectIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final String BUCKET = "select-it";
    static final String PEOPLE = "name,age,city\nAlice,30,Seattle\nBob,25,\"New York, NY\"\nCarol,41,Boston\n";
    static final String LINES = "{\"id\":1,\"tags\":[\"a\",\"b\"],\"price\":9.5}\n{\"id\":2,\"tags\":[],\"price\":20}\n";

    static S3Client s3;
    static S3AsyncClient async;
    static AmazonS3 v1;

    @BeforeAll
    static void setUp() throws IOException {
        s3 = S3TestClients.pathStyle(emu);
        async = S3TestClients.async(emu);
        v1 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(emu.endpoint().toString(), "us-east-1"))
                .withPathStyleAccessEnabled(true).withClientConfiguration(new ClientConfiguration())
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test"))).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("people.csv"), RequestBody.fromString(PEOPLE));
        s3.putObject(b -> b.bucket(BUCKET).key("items.json"), RequestBody.fromString(LINES));
        s3.putObject(b -> b.bucket(BUCKET).key("people.csv.gz"), RequestBody.fromBytes(gzip(PEOPLE)));
    }

    @AfterAll
    static void tearDown() {
        s3.close();
        async.close();
        v1.shutdown();
    }

    /** What one select streamed: its records' bytes, its Stats, how many Progress events, whether End came. */
    record Streamed(String records, Stats stats, int progress, boolean ended) {}

    static Streamed select(String key, String sql, InputSerialization in, OutputSerialization out,
                           Consumer<SelectObjectContentRequest.Builder> more) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        AtomicReference<Stats> stats = new AtomicReference<>();
        AtomicInteger progress = new AtomicInteger();
        AtomicReference<Boolean> ended = new AtomicReference<>(false);
        SelectObjectContentRequest.Builder req = SelectObjectContentRequest.builder().bucket(BUCKET).key(key)
                .expression(sql).expressionType(ExpressionType.SQL).inputSerialization(in).outputSerialization(out);
        more.accept(req);
        SelectObjectContentResponseHandler handler = SelectObjectContentResponseHandler.builder()
                .subscriber(SelectObjectContentResponseHandler.Visitor.builder()
                        .onRecords(r -> records.writeBytes(r.payload().asByteArray()))
                        .onStats(s -> stats.set(s.details()))
                        .onProgress(p -> progress.incrementAndGet())
                        .onEnd(e -> ended.set(true))
                        .build())
                .build();
        async.selectObjectContent(req.build(), handler).join();
        return new Streamed(records.toString(StandardCharsets.UTF_8), stats.get(), progress.get(), ended.get());
    }

    static Streamed select(String key, String sql, InputSerialization in, OutputSerialization out) {
        return select(key, sql, in, out, b -> {});
    }

    static InputSerialization csv(FileHeaderInfo header) {
        return InputSerialization.builder().csv(CSVInput.builder().fileHeaderInfo(header).build()).build();
    }

    static OutputSerialization csvOut() {
        return OutputSerialization.builder().csv(CSVOutput.builder().build()).build();
    }

    static OutputSerialization jsonOut() {
        return OutputSerialization.builder().json(JSONOutput.builder().build()).build();
    }

    @Test
    void csvByHeaderByPositionAndWhole() {
        Streamed r = select("people.csv", "SELECT s.name FROM S3Object s WHERE CAST(s.age AS INT) > 28",
                csv(FileHeaderInfo.USE), csvOut());
        assertEquals("Alice\nCarol\n", r.records());
        assertTrue(r.ended());
        assertEquals(PEOPLE.length(), r.stats().bytesScanned());
        assertEquals(PEOPLE.length(), r.stats().bytesProcessed());
        assertEquals("Alice\nCarol\n".length(), r.stats().bytesReturned());

        assertEquals("30\n25\n41\n", select("people.csv", "SELECT s._2 FROM S3Object s", csv(FileHeaderInfo.IGNORE),
                csvOut()).records());
        assertEquals("name,age,city\n", select("people.csv", "SELECT * FROM S3Object LIMIT 1", csv(FileHeaderInfo.NONE),
                csvOut()).records());
        // a field holding the delimiter is quoted as needed, or always when asked
        assertEquals("\"New York, NY\"\n", select("people.csv", "SELECT s.city FROM S3Object s WHERE s.name = 'Bob'",
                csv(FileHeaderInfo.USE), csvOut()).records());
        assertEquals("\"Bob\",\"25\"\n", select("people.csv", "SELECT s.name, s.age FROM S3Object s WHERE s.name = 'Bob'",
                csv(FileHeaderInfo.USE), OutputSerialization.builder().csv(CSVOutput.builder()
                        .quoteFields(QuoteFields.ALWAYS).build()).build()).records());
    }

    @Test
    void aggregatesAndJsonOutput() {
        assertEquals("3,96\n", select("people.csv", "SELECT COUNT(*), SUM(CAST(s.age AS INT)) FROM S3Object s",
                csv(FileHeaderInfo.USE), csvOut()).records());
        assertEquals("{\"name\":\"Bob\",\"city\":\"New York, NY\"}\n", select("people.csv",
                "SELECT s.name, s.city FROM S3Object s WHERE s.name = 'Bob'", csv(FileHeaderInfo.USE), jsonOut()).records());
        assertEquals("{\"_1\":0}\n", select("people.csv", "SELECT COUNT(*) FROM S3Object s WHERE s.name = 'Nobody'",
                csv(FileHeaderInfo.USE), jsonOut()).records());
    }

    @Test
    void jsonLinesAndGzip() {
        InputSerialization lines = InputSerialization.builder().json(JSONInput.builder().type(JSONType.LINES).build()).build();
        assertEquals("{\"id\":2}\n", select("items.json", "SELECT s.id FROM S3Object[*] s WHERE s.price > 10", lines,
                jsonOut()).records());
        assertEquals("1,2\n", select("items.json", "SELECT s.id, CHAR_LENGTH(s.tags[0]) + 1 FROM S3Object s WHERE s.id = 1",
                lines, csvOut()).records());

        InputSerialization gz = InputSerialization.builder().csv(CSVInput.builder().fileHeaderInfo(FileHeaderInfo.USE).build())
                .compressionType(CompressionType.GZIP).build();
        Streamed r = select("people.csv.gz", "SELECT UPPER(s.name) FROM S3Object s LIMIT 2", gz, csvOut());
        assertEquals("ALICE\nBOB\n", r.records());
        assertEquals(PEOPLE.length(), r.stats().bytesProcessed(), "processed counts the uncompressed bytes");
        assertTrue(r.stats().bytesScanned() > 0);
    }

    @Test
    void scanRangeAndProgress() {
        // "name,age,city\n" is bytes 0-13, Alice's record starts at 14: records starting in 0-20 are read
        Streamed r = select("people.csv", "SELECT s._1 FROM S3Object s", csv(FileHeaderInfo.NONE), csvOut(),
                b -> b.scanRange(ScanRange.builder().start(0L).end(20L).build())
                        .requestProgress(RequestProgress.builder().enabled(true).build()));
        assertEquals("name\nAlice\n", r.records());
        assertTrue(r.progress() >= 1, "Progress events when RequestProgress is enabled");
        assertEquals(0, select("people.csv", "SELECT s._1 FROM S3Object s", csv(FileHeaderInfo.NONE), csvOut()).progress());
        // a range starting inside a record begins at the next one
        assertEquals("Bob\nCarol\n", select("people.csv", "SELECT s._1 FROM S3Object s", csv(FileHeaderInfo.NONE), csvOut(),
                b -> b.scanRange(ScanRange.builder().start(20L).build())).records());
    }

    @Test
    void anErrorWhileStreamingIsAnErrorEvent() {
        CompletionException e = assertThrows(CompletionException.class, () -> select("people.csv",
                "SELECT CAST(s.name AS INT) FROM S3Object s", csv(FileHeaderInfo.USE), csvOut()));
        S3Exception s3e = assertInstanceOf(S3Exception.class, e.getCause(), String.valueOf(e.getCause()));
        // S3's error event carries its code and message in headers and has no payload; SDK v2 hands the event's
        // headers over as the error response's (its XML error parser finds no <Code> in an empty payload)
        var headers = s3e.awsErrorDetails().sdkHttpResponse();
        assertEquals("CastFailed", headers.firstMatchingHeader(":error-code").orElse(null), String.valueOf(headers.headers()));
        assertTrue(headers.firstMatchingHeader(":error-message").isPresent());
        assertEquals("error", headers.firstMatchingHeader(":message-type").orElse(null));
    }

    /** The code of the error event that ended a select, as SDK v2 hands it over (the event's headers). */
    static String errorEvent(String key, String sql, InputSerialization in, OutputSerialization out) {
        CompletionException e = assertThrows(CompletionException.class, () -> select(key, sql, in, out));
        S3Exception s3e = assertInstanceOf(S3Exception.class, e.getCause(), String.valueOf(e.getCause()));
        return s3e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(":error-code").orElse(null);
    }

    /** Bad data and oversized results met while streaming end the stream with S3's error event, not a cut connection. */
    @Test
    void badDataAndOversizedRowsAreErrorEvents() throws IOException {
        byte[] corrupt = gzip(PEOPLE);
        corrupt[10] = (byte) 0xFF; // an invalid deflate block
        s3.putObject(b -> b.bucket(BUCKET).key("corrupt.csv.gz"), RequestBody.fromBytes(corrupt));
        InputSerialization gz = InputSerialization.builder().csv(CSVInput.builder().fileHeaderInfo(FileHeaderInfo.USE).build())
                .compressionType(CompressionType.GZIP).build();
        assertEquals("TruncatedInput", errorEvent("corrupt.csv.gz", "SELECT * FROM S3Object", gz, csvOut()));

        s3.putObject(b -> b.bucket(BUCKET).key("wide.csv"), RequestBody.fromString("a\n" + "x".repeat(600 * 1024) + "\n"));
        assertEquals("OverMaxRecordSize", errorEvent("wide.csv", "SELECT s.a, s.a FROM S3Object s",
                csv(FileHeaderInfo.USE), csvOut()));
        assertEquals("OverMaxRecordSize", errorEvent("wide.csv", "SELECT s.a || s.a FROM S3Object s",
                csv(FileHeaderInfo.USE), jsonOut()));
        assertEquals("CastFailed", errorEvent("people.csv", "SELECT CAST('1e999999999' AS DECIMAL) FROM S3Object",
                csv(FileHeaderInfo.USE), csvOut()));
        assertEquals("EvaluatorInvalidArguments", errorEvent("people.csv",
                "SELECT DATE_ADD(year, 9223372036854775807, UTCNOW()) FROM S3Object", csv(FileHeaderInfo.USE), csvOut()));
    }

    @Test
    void requestErrorsAreAnsweredBeforeTheStream() {
        assertEquals("NoSuchKey", selectError("missing.csv", "SELECT * FROM S3Object", b -> {}));
        assertEquals("InvalidExpressionType", selectError("people.csv", "SELECT * FROM S3Object",
                b -> b.expressionType("XPATH")));
        String parse = selectError("people.csv", "SELECT FROM S3Object", b -> {});
        assertTrue(parse.startsWith("Parse"), parse);
        // nesting beyond what parsing and evaluating may recurse through is a 400, never a 500
        assertEquals("ParseUnsupportedSyntax", selectError("people.csv",
                "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000) + " FROM S3Object", b -> {}));
        assertEquals("ParseUnsupportedSyntax", selectError("people.csv",
                "SELECT 1 FROM S3Object WHERE " + "TRUE AND ".repeat(5_000) + "TRUE", b -> {}));
        // without credentials a private bucket's object cannot be selected
        RawHttp.Response anon = rawAnonymous();
        assertEquals(403, anon.status());
        assertTrue(anon.body().contains("<Code>AccessDenied</Code>"), anon.body());
    }

    static String selectError(String key, String sql, Consumer<SelectObjectContentRequest.Builder> more) {
        CompletionException e = assertThrows(CompletionException.class, () -> select(key, sql, csv(FileHeaderInfo.USE),
                csvOut(), more));
        S3Exception s3e = assertInstanceOf(S3Exception.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(s3e.statusCode() == 400 || s3e.statusCode() == 404, s3e.getMessage());
        assertNotNull(s3e.awsErrorDetails().errorCode());
        return s3e.awsErrorDetails().errorCode();
    }

    static RawHttp.Response rawAnonymous() {
        try {
            return RawHttp.send(emu.port(), "POST", "127.0.0.1:" + emu.port(), "/" + BUCKET + "/people.csv?select&select-type=2",
                    "Content-Length", "0");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 40 MB of CSV, two rows selected: the answer streams as the object is read, and Stats counts all of it. */
    @Test
    void aLargeObjectStreamsThroughASelectiveWhere() throws IOException {
        Path file = Files.createTempFile("select", ".csv");
        long size;
        try {
            StringBuilder sb = new StringBuilder(1 << 20);
            try (var w = Files.newBufferedWriter(file)) {
                w.write("id,group,payload\n");
                for (int i = 0; i < 500_000; i++) {
                    sb.setLength(0);
                    sb.append(i).append(',').append(i % 250_000 == 7 ? "rare" : "common").append(',')
                            .append("x".repeat(60)).append('\n');
                    w.write(sb.toString());
                }
            }
            size = Files.size(file);
            s3.putObject(b -> b.bucket(BUCKET).key("large.csv"), file);
        } finally {
            Files.delete(file);
        }
        Streamed r = select("large.csv", "SELECT s.id FROM S3Object s WHERE s.\"group\" = 'rare'",
                csv(FileHeaderInfo.USE), csvOut());
        assertEquals("7\n250007\n", r.records());
        assertEquals(size, r.stats().bytesScanned());

        Streamed all = select("large.csv", "SELECT s.id FROM S3Object s", csv(FileHeaderInfo.USE), csvOut());
        assertEquals(500_000, all.records().lines().count(), "every row, over many Records events");
        assertTrue(all.records().startsWith("0\n1\n2\n") && all.records().endsWith("\n499999\n"));
    }

    @Test
    void sdkV1ReadsTheRecordsAndTheEnd() throws IOException {
        var req = new com.amazonaws.services.s3.model.SelectObjectContentRequest()
                .withBucketName(BUCKET).withKey("people.csv").withExpression("SELECT s.name FROM S3Object s WHERE s.city LIKE 'B%'")
                .withExpressionType(com.amazonaws.services.s3.model.ExpressionType.SQL)
                .withInputSerialization(new com.amazonaws.services.s3.model.InputSerialization()
                        .withCsv(new com.amazonaws.services.s3.model.CSVInput().withFileHeaderInfo("USE")))
                .withOutputSerialization(new com.amazonaws.services.s3.model.OutputSerialization()
                        .withCsv(new com.amazonaws.services.s3.model.CSVOutput()));
        try (SelectObjectContentResult result = v1.selectObjectContent(req);
             InputStream in = result.getPayload().getRecordsInputStream()) {
            // the v1 stream throws when the End event is missing
            assertEquals("Carol\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void boto3AndTheCli() throws Exception {
        ProcessResult r = Boto2.boto3(getClass(), "/boto3_select.py", emu.port());
        var got = r.keyValues();
        assertEquals("Alice|Carol|", got.get("records"), r.toString());
        assertEquals(String.valueOf(PEOPLE.length()), got.get("scanned"), r.toString());
        assertEquals("True", got.get("end"), r.toString());
        assertEquals("400 InvalidFileHeaderInfo", got.get("bad_header"), r.toString());
        assertEquals("CastFailed", got.get("cast_error"), r.toString());

        AwsCli.assumeInstalled();
        Path outFile = Files.createTempFile("select-cli", ".csv");
        try {
            AwsCli.on(emu.port()).ok("s3api", "select-object-content", "--bucket", BUCKET, "--key", "people.csv",
                    "--expression", "SELECT s.city FROM S3Object s WHERE s.name <> 'Alice'", "--expression-type", "SQL",
                    "--input-serialization", "{\"CSV\":{\"FileHeaderInfo\":\"USE\"}}",
                    "--output-serialization", "{\"JSON\":{}}", outFile.toString());
            assertEquals(List.of("{\"city\":\"New York, NY\"}", "{\"city\":\"Boston\"}"), Files.readAllLines(outFile));
        } finally {
            Files.delete(outFile);
        }
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
