package io.awsemu.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CSVInput;
import software.amazon.awssdk.services.s3.model.CSVOutput;
import software.amazon.awssdk.services.s3.model.ExpressionType;
import software.amazon.awssdk.services.s3.model.FileHeaderInfo;
import software.amazon.awssdk.services.s3.model.InputSerialization;
import software.amazon.awssdk.services.s3.model.JSONInput;
import software.amazon.awssdk.services.s3.model.JSONType;
import software.amazon.awssdk.services.s3.model.OutputSerialization;
import software.amazon.awssdk.services.s3.model.ParquetInput;
import software.amazon.awssdk.services.s3.model.SelectObjectContentRequest;
import software.amazon.awssdk.services.s3.model.SelectObjectContentResponseHandler;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3 Select (SelectObjectContent) over the same rows as CSV, JSON LINES and Parquet (written by DuckDB), against an
 * awsemu started from the runnable jar with the image's JVM flags: per format and query, the time from request to
 * End through SDK v2's async client and the server's CPU, best of {@code --runs}. No peer: s3proxy and S3Mock have no
 * S3 Select. Run with {@code bench/run select [--rows N] [--runs N]}.
 */
public final class SelectBench {
    private SelectBench() {}

    record Query(String name, String sql) {}

    static final List<Query> QUERIES = List.of(
            new Query("COUNT(*)", "SELECT COUNT(*) FROM S3Object"),
            new Query("WHERE on one field, 0.1 % of rows out", "SELECT s.id FROM S3Object s WHERE s.\"group\" = 'rare'"),
            new Query("SUM of a number", null), // per format: CSV needs a CAST, the typed formats do not
            new Query("SELECT * (every row out)", "SELECT * FROM S3Object s"));

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000, runs = 3;
        List<String> s3Args = new ArrayList<>(List.of("--targets", "awsemu"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> s3Args.add(args[i]); // --awsemu-jar, --dockerfile, --awsemu-flags, --endpoint ...
            }
        }
        S3Bench.Options o = S3Bench.Options.parse(s3Args.toArray(String[]::new));
        Path dir = Files.createTempDirectory("selectbench");
        try {
            Path csv = dir.resolve("rows.csv"), lines = dir.resolve("rows.jsonl"), parquet = dir.resolve("rows.parquet");
            write(rows, csv, lines);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true, columns = {'id': 'BIGINT',"
                        + " 'name': 'VARCHAR', 'group': 'VARCHAR', 'amount': 'DECIMAL(12,2)', 'note': 'VARCHAR'}))"
                        + " TO '" + parquet + "' (FORMAT PARQUET, COMPRESSION SNAPPY)");
            }
            try (S3Bench.Target t = S3Bench.Target.start("awsemu", o);
                 S3Client s3 = S3Bench.client(t.endpoint(), 1);
                 S3AsyncClient async = async(t)) {
                System.out.printf("%s at %s%n", t.description(), t.endpoint());
                s3.createBucket(b -> b.bucket("selectbench"));
                s3.putObject(b -> b.bucket("selectbench").key("rows.csv"), csv);
                s3.putObject(b -> b.bucket("selectbench").key("rows.jsonl"), lines);
                s3.putObject(b -> b.bucket("selectbench").key("rows.parquet"), parquet);
                InputSerialization csvIn = InputSerialization.builder()
                        .csv(CSVInput.builder().fileHeaderInfo(FileHeaderInfo.USE).build()).build();
                InputSerialization jsonIn = InputSerialization.builder()
                        .json(JSONInput.builder().type(JSONType.LINES).build()).build();
                InputSerialization parquetIn = InputSerialization.builder().parquet(ParquetInput.builder().build()).build();
                System.out.printf("%nS3 Select, %,d rows (id, name, group, amount, note); best of %d runs%n%n", rows, runs);
                System.out.println("| format | object (MB) | query | rows out | seconds | object MB/s | rows read per s | server CPU (s) |");
                System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
                for (Object[] f : new Object[][] {{"CSV", "rows.csv", csvIn, csv}, {"JSON LINES", "rows.jsonl", jsonIn, lines},
                        {"Parquet (SNAPPY)", "rows.parquet", parquetIn, parquet}}) {
                    double mb = Files.size((Path) f[3]) / 1e6;
                    for (Query q : QUERIES) {
                        String sql = q.sql() != null ? q.sql() : f[0].equals("CSV")
                                ? "SELECT SUM(CAST(s.amount AS DECIMAL)) FROM S3Object s" : "SELECT SUM(s.amount) FROM S3Object s";
                        double best = Double.MAX_VALUE, cpu = 0;
                        long out = 0;
                        for (int r = 0; r < runs; r++) {
                            long cpu0 = S3Bench.cpuMillis(t.pid()), t0 = System.nanoTime();
                            out = select(async, (String) f[1], sql, (InputSerialization) f[2]);
                            double s = (System.nanoTime() - t0) / 1e9;
                            if (s < best) {
                                best = s;
                                cpu = (S3Bench.cpuMillis(t.pid()) - cpu0) / 1000.0;
                            }
                        }
                        System.out.printf("| %s | %.1f | %s | %,d | %.2f | %.0f | %,.0f | %.2f |%n", f[0], mb, q.name(), out, best,
                                mb / best, rows / best, cpu);
                    }
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    /** The same rows as CSV (with a header) and as JSON LINES; one row in a thousand is in group 'rare'. */
    static void write(int rows, Path csv, Path lines) throws Exception {
        try (BufferedWriter c = Files.newBufferedWriter(csv); BufferedWriter j = Files.newBufferedWriter(lines)) {
            c.write("id,name,group,amount,note\n");
            for (int i = 0; i < rows; i++) {
                String group = i % 1000 == 7 ? "rare" : "common";
                String amount = (i % 100_000) + "." + String.format("%02d", i % 100);
                c.write(i + ",user" + i + "," + group + "," + amount + ",\"note " + i + ", with a comma\"\n");
                j.write("{\"id\":" + i + ",\"name\":\"user" + i + "\",\"group\":\"" + group + "\",\"amount\":" + amount
                        + ",\"note\":\"note " + i + ", with a comma\"}\n");
            }
        }
    }

    /** Runs one select to its End; the number of lines of output. */
    static long select(S3AsyncClient async, String key, String sql, InputSerialization in) {
        AtomicLong newlines = new AtomicLong();
        SelectObjectContentRequest req = SelectObjectContentRequest.builder().bucket("selectbench").key(key)
                .expression(sql).expressionType(ExpressionType.SQL).inputSerialization(in)
                .outputSerialization(OutputSerialization.builder().csv(CSVOutput.builder().build()).build()).build();
        async.selectObjectContent(req, SelectObjectContentResponseHandler.builder()
                .subscriber(SelectObjectContentResponseHandler.Visitor.builder().onRecords(r -> {
                    byte[] b = r.payload().asByteArrayUnsafe();
                    long n = 0;
                    for (byte x : b) if (x == '\n') n++;
                    newlines.addAndGet(n);
                }).build()).build()).join();
        return newlines.get();
    }

    static S3AsyncClient async(S3Bench.Target t) {
        return S3AsyncClient.builder().region(Region.US_EAST_1).endpointOverride(t.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(NettyNioAsyncHttpClient.builder().readTimeout(Duration.ofMinutes(5)).build()).build();
    }
}
