package io.awsemu.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3 Inventory: enabled CSV configurations deliver reports into their destination bucket, in S3's layout. */
class S3InventoryIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final Pattern MANIFEST = Pattern.compile("(.*/)(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})Z/manifest\\.json");
    static final Pattern DATA = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.csv\\.gz");

    static S3Client s3;
    static int reports;
    static Instant before;
    static Instant after;

    @BeforeAll
    static void setUp() throws Exception {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("inv-src"));
        s3.createBucket(b -> b.bucket("inv-dest"));
        s3.createBucket(b -> b.bucket("inv-versioned"));
        s3.putBucketVersioning(b -> b.bucket("inv-versioned").versioningConfiguration(v -> v.status("Enabled")));

        s3.putObject(b -> b.bucket("inv-src").key("data/a.txt"), RequestBody.fromString("hello"));
        s3.putObject(b -> b.bucket("inv-src").key("data/dir/b c ü.txt"), RequestBody.fromString("unicode"));
        s3.putObject(b -> b.bucket("inv-src").key("other/skipped.txt"), RequestBody.fromString("not under the prefix"));
        String upload = s3.createMultipartUpload(b -> b.bucket("inv-src").key("data/multi")).uploadId();
        String part = s3.uploadPart(b -> b.bucket("inv-src").key("data/multi").uploadId(upload).partNumber(1),
                RequestBody.fromString("one part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket("inv-src").key("data/multi").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part))));

        // asked in another order than S3 writes the columns
        put("inv-src", config("daily", true, InventoryFormat.CSV, "arn:aws:s3:::inv-dest", "reports",
                InventoryIncludedObjectVersions.CURRENT, "data/", InventoryOptionalField.E_TAG,
                InventoryOptionalField.IS_MULTIPART_UPLOADED, InventoryOptionalField.SIZE,
                InventoryOptionalField.ENCRYPTION_STATUS, InventoryOptionalField.STORAGE_CLASS,
                InventoryOptionalField.LAST_MODIFIED_DATE));
        put("inv-src", config("off", false, InventoryFormat.CSV, "arn:aws:s3:::inv-dest", "reports",
                InventoryIncludedObjectVersions.CURRENT, null));
        put("inv-src", config("orc", true, InventoryFormat.ORC, "arn:aws:s3:::inv-dest", "reports",
                InventoryIncludedObjectVersions.CURRENT, null));
        put("inv-src", config("lost", true, InventoryFormat.CSV, "arn:aws:s3:::no-such-destination", null,
                InventoryIncludedObjectVersions.CURRENT, null));

        s3.putObject(b -> b.bucket("inv-versioned").key("logs/k"), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket("inv-versioned").key("logs/k"), RequestBody.fromString("two!"));
        s3.putObject(b -> b.bucket("inv-versioned").key("logs/gone"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket("inv-versioned").key("logs/gone"));
        s3.putObject(b -> b.bucket("inv-versioned").key("elsewhere"), RequestBody.fromString("y"));
        put("inv-versioned", config("all", true, InventoryFormat.CSV, "arn:aws:s3:::inv-dest", null,
                InventoryIncludedObjectVersions.ALL, "logs/", InventoryOptionalField.SIZE, InventoryOptionalField.E_TAG));

        before = Instant.now().minusSeconds(1);
        RawHttp.Response r = RawHttp.send(emu.port(), "POST", "localhost:" + emu.port(), "/_aws/s3/inventory",
                "Content-Length", "0");
        after = Instant.now().plusSeconds(1);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().matches("\\{\"reports\":\\d+}"), r.body());
        reports = Integer.parseInt(r.body().replaceAll("\\D", ""));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void put(String bucket, InventoryConfiguration c) {
        s3.putBucketInventoryConfiguration(b -> b.bucket(bucket).id(c.id()).inventoryConfiguration(c));
    }

    static InventoryConfiguration config(String id, boolean enabled, InventoryFormat format, String arn, String prefix,
                                         InventoryIncludedObjectVersions versions, String filter,
                                         InventoryOptionalField... fields) {
        return InventoryConfiguration.builder().id(id).isEnabled(enabled).includedObjectVersions(versions)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .destination(d -> d.s3BucketDestination(b -> b.bucket(arn).format(format).prefix(prefix)))
                .filter(filter == null ? null : software.amazon.awssdk.services.s3.model.InventoryFilter.builder()
                        .prefix(filter).build())
                .optionalFields(fields.length == 0 ? null : List.of(fields)).build();
    }

    static List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket("inv-dest").prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    static byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("inv-dest").key(key)).asByteArray();
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** Every field double-quoted ("" inside), comma-separated, one row a line, no header. */
    static List<List<String>> csv(String text) {
        Pattern field = Pattern.compile("\"((?:[^\"]|\"\")*)\"(,|$)");
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            List<String> row = new ArrayList<>();
            Matcher m = field.matcher(line);
            int at = 0;
            while (at < line.length()) {
                assertTrue(m.find(at) && m.start() == at, "unquoted field at " + at + " in " + line);
                row.add(m.group(1).replace("\"\"", "\""));
                at = m.end();
            }
            rows.add(row);
        }
        assertTrue(text.endsWith("\n"), "rows end with a newline");
        return rows;
    }

    static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The one report under {@code base}: checks its manifest, checksum, symlink and data file, and returns the rows. */
    static List<List<String>> report(String base, String source, String schema) throws Exception {
        List<String> manifests = keys(base).stream().filter(k -> k.endsWith("manifest.json")).toList();
        assertEquals(1, manifests.size(), keys(base).toString());
        Matcher m = MANIFEST.matcher(manifests.get(0));
        assertTrue(m.matches(), manifests.get(0));
        assertEquals(base, m.group(1));
        String dir = manifests.get(0).substring(0, manifests.get(0).length() - "manifest.json".length());
        byte[] manifestBytes = get(manifests.get(0));
        assertEquals(md5(manifestBytes), new String(get(dir + "manifest.checksum"), StandardCharsets.UTF_8));

        JsonNode manifest = JSON.readTree(manifestBytes);
        assertEquals(source, manifest.get("sourceBucket").asText());
        assertEquals("arn:aws:s3:::inv-dest", manifest.get("destinationBucket").asText());
        assertEquals("2016-11-30", manifest.get("version").asText());
        assertEquals("CSV", manifest.get("fileFormat").asText());
        assertEquals(schema, manifest.get("fileSchema").asText());
        assertTrue(manifest.get("creationTimestamp").isTextual());
        Instant created = Instant.ofEpochMilli(Long.parseLong(manifest.get("creationTimestamp").asText()));
        assertTrue(!created.isBefore(before) && !created.isAfter(after), created.toString());
        String minute = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'").withZone(ZoneOffset.UTC).format(created);
        assertEquals(base + minute + "/manifest.json", manifests.get(0));

        JsonNode files = manifest.get("files");
        assertEquals(1, files.size(), files.toString());
        String dataKey = files.get(0).get("key").asText();
        assertTrue(dataKey.startsWith(base + "data/") && DATA.matcher(dataKey.substring((base + "data/").length())).matches(),
                dataKey);
        byte[] gz = get(dataKey);
        assertEquals(gz.length, files.get(0).get("size").asLong());
        assertEquals(md5(gz), files.get(0).get("MD5checksum").asText());
        assertEquals(List.of(dataKey), keys(base + "data/"));

        String hive = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC).format(created);
        assertEquals("s3://inv-dest/" + dataKey + "\n",
                new String(get(base + "hive/dt=" + hive + "/symlink.txt"), StandardCharsets.UTF_8));
        return csv(gunzip(gz));
    }

    static List<String> current(String key, String... rest) {
        HeadObjectResponse h = s3.headObject(b -> b.bucket("inv-src").key(key));
        List<String> row = new ArrayList<>(List.of("inv-src"));
        row.addAll(List.of(rest));
        row.addAll(List.of(Long.toString(h.contentLength()), MILLIS.format(h.lastModified()), h.eTag().replace("\"", ""),
                "STANDARD"));
        return row;
    }

    @Test
    void enabledCsvConfigurationsAreReportedAndTheOthersSkippedWithoutFailing() {
        assertEquals(2, reports); // daily and all: not off (disabled), orc (no writer), lost (no destination)
        assertEquals(List.of(), keys("reports/inv-src/off/"));
        assertEquals(List.of(), keys("reports/inv-src/orc/"));
        assertEquals(List.of(), keys("inv-src/lost/"));
    }

    @Test
    void currentVersionsUnderThePrefixWithTheAskedFieldsInS3sColumnOrder() throws Exception {
        List<List<String>> rows = report("reports/inv-src/daily/", "inv-src",
                "Bucket, Key, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded, EncryptionStatus");
        List<String> a = current("data/a.txt", "data/a.txt");
        a.addAll(List.of("false", "SSE-S3"));
        List<String> unicode = current("data/dir/b c ü.txt", "data/dir/b+c+%C3%BC.txt");
        unicode.addAll(List.of("false", "SSE-S3"));
        List<String> multi = current("data/multi", "data/multi");
        multi.addAll(List.of("true", "SSE-S3"));
        assertTrue(multi.get(4).endsWith("-1"), multi.toString());
        assertEquals(List.of(a, unicode, multi), rows);
    }

    @Test
    void allVersionsCarryVersionIdIsLatestAndDeleteMarkers() throws Exception {
        List<List<String>> rows = report("inv-versioned/all/", "inv-versioned",
                "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, ETag");
        var listed = s3.listObjectVersions(b -> b.bucket("inv-versioned").prefix("logs/"));
        var marker = listed.deleteMarkers().get(0);
        var gone = listed.versions().stream().filter(v -> v.key().equals("logs/gone")).findFirst().orElseThrow();
        var k = listed.versions().stream().filter(v -> v.key().equals("logs/k")).toList();
        assertEquals(List.of(
                List.of("inv-versioned", "logs/gone", marker.versionId(), "true", "true", "", ""),
                List.of("inv-versioned", "logs/gone", gone.versionId(), "false", "false", "1", gone.eTag().replace("\"", "")),
                List.of("inv-versioned", "logs/k", k.get(0).versionId(), "true", "false", "4", k.get(0).eTag().replace("\"", "")),
                List.of("inv-versioned", "logs/k", k.get(1).versionId(), "false", "false", "3", k.get(1).eTag().replace("\"", ""))),
                rows);
    }
}
