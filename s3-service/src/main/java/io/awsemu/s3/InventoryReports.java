package io.awsemu.s3;

import io.awsemu.core.protocol.Timestamps;
import io.awsemu.s3.engine.ObjectKeys;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.Acl;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ReplicationEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersioningEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * S3 Inventory: each enabled inventory configuration in CSV format becomes a report in its destination bucket, in
 * S3's layout: gzip-compressed CSV data files under {@code <prefix>/<source>/<id>/data/}, a
 * {@code <YYYY-MM-DDTHH-MMZ>/manifest.json} naming them with {@code manifest.checksum} beside it, and the Hive
 * {@code hive/dt=<YYYY-MM-DD-HH-MM>/symlink.txt}. Reports go out on the configuration's schedule (once a day or a
 * week, counted from the last report this process wrote) and on {@code POST /_aws/s3/inventory}. ORC and Parquet
 * have no writer here: those configurations are skipped, with an INFO line, never faked. The listing is read a page
 * at a time and gzipped as it goes; a data file is closed once its compressed bytes pass a bound, so memory holds
 * one page and one file at most. Reports are written by S3, not by a request: no event, no access log line.
 */
final class InventoryReports {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryReports.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int PAGE = 1000;
    /** Compressed bytes after which a data file is written and the next rows start another. */
    static final int FILE_BYTES = 32 * 1024 * 1024;
    private static final DateTimeFormatter MANIFEST_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HIVE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The optional fields in the order S3 writes their columns (its manifest's fileSchema), whatever order was asked. */
    static final List<String> OPTIONAL_ORDER = List.of("Size", "LastModifiedDate", "ETag", "StorageClass",
            "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus", "ObjectLockRetainUntilDate", "ObjectLockMode",
            "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier", "BucketKeyStatus", "ChecksumAlgorithm",
            "ObjectAccessControlList", "ObjectOwner");

    /** One inventory configuration as stored. */
    record Config(String sourceBucket, String id, boolean enabled, String format, boolean allVersions, boolean weekly,
                  String filterPrefix, String destinationArn, String destinationBucket, String destinationPrefix,
                  List<String> columns) {

        static Config of(String sourceBucket, Element doc) {
            Element dest = doc.child("Destination").child("S3BucketDestination");
            String arn = dest.childText("Bucket");
            Element filter = doc.child("Filter");
            String prefix = filter == null ? null : filter.childText("Prefix");
            boolean all = "All".equals(doc.childText("IncludedObjectVersions"));
            Set<String> asked = new java.util.HashSet<>();
            Element fields = doc.child("OptionalFields");
            if (fields != null) for (Element f : fields.children()) asked.add(f.text());
            List<String> columns = new ArrayList<>(List.of("Bucket", "Key"));
            if (all) columns.addAll(List.of("VersionId", "IsLatest", "IsDeleteMarker"));
            for (String f : OPTIONAL_ORDER) if (asked.contains(f)) columns.add(f);
            String destPrefix = dest.childText("Prefix");
            return new Config(sourceBucket, doc.childText("Id"), "true".equals(doc.childText("IsEnabled")),
                    dest.childText("Format"), all, "Weekly".equals(doc.child("Schedule").childText("Frequency")),
                    prefix == null ? "" : prefix, arn, arn.substring(arn.lastIndexOf(':') + 1),
                    destPrefix == null ? "" : destPrefix, List.copyOf(columns));
        }

        /** {@code <prefix>/<source>/<id>/}: where every file of this configuration's reports goes. */
        String base() {
            String p = destinationPrefix.endsWith("/") ? destinationPrefix.substring(0, destinationPrefix.length() - 1)
                    : destinationPrefix;
            return (p.isEmpty() ? "" : p + "/") + sourceBucket + "/" + id + "/";
        }

        Duration period() {
            return weekly ? Duration.ofDays(7) : Duration.ofDays(1);
        }
    }

    private final BucketEngine buckets;
    private final BucketConfigs configs;
    private final ObjectEngine objects;
    private final VersioningEngine versions;
    private final ReplicationEngine replication;
    private final AccessEngine access;
    private final Clock clock;
    private final int fileBytes;
    /** When each configuration ("bucket?id") last had a report from this process. */
    private final Map<String, Instant> lastReport = new ConcurrentHashMap<>();

    /**
     * @param replication null when nothing replicates (ReplicationStatus stays empty)
     * @param access      null without ACLs (ObjectAccessControlList and ObjectOwner stay empty)
     */
    InventoryReports(BucketEngine buckets, BucketConfigs configs, ObjectEngine objects, VersioningEngine versions,
                     ReplicationEngine replication, AccessEngine access, Clock clock, int fileBytes) {
        this.buckets = buckets;
        this.configs = configs;
        this.objects = objects;
        this.versions = versions;
        this.replication = replication;
        this.access = access;
        this.clock = clock;
        this.fileBytes = fileBytes;
    }

    /** Every enabled configuration, now, whatever its schedule. @return reports written */
    synchronized int deliverAll() {
        return deliver(true);
    }

    /** The enabled configurations whose day or week since their last report has passed. @return reports written */
    synchronized int deliverDue() {
        return deliver(false);
    }

    private int deliver(boolean all) {
        int written = 0;
        Instant now = clock.instant();
        boolean skippedOther = false;
        for (String[] entry : configs.all(BucketConfigSetOperations.Family.INVENTORY.kind)) {
            Optional<Bucket> source = buckets.find(entry[0]);
            if (source.isEmpty()) continue;
            List<Element> set;
            try {
                set = BucketConfigXml.read(entry[1]).children();
            } catch (RuntimeException e) {
                continue; // stored documents were validated; a bad one must not stop the others
            }
            for (Element doc : set) {
                Config c;
                try {
                    c = Config.of(entry[0], doc);
                } catch (RuntimeException e) {
                    continue;
                }
                if (!c.enabled()) continue;
                String name = c.sourceBucket() + "?" + c.id();
                Instant last = lastReport.get(name);
                if (!all && last != null && now.isBefore(last.plus(c.period()))) continue;
                if (!"CSV".equals(c.format())) {
                    if (!skippedOther) {
                        LOG.info("S3 inventory: {} reports have no writer here, only CSV; {} of {} and any others "
                                + "like it are skipped", c.format(), c.id(), c.sourceBucket());
                        skippedOther = true;
                    }
                    continue;
                }
                Optional<Bucket> dest = buckets.find(c.destinationBucket());
                if (dest.isEmpty()) {
                    LOG.info("S3 inventory {} of {}: the destination bucket {} does not exist, no report", c.id(),
                            c.sourceBucket(), c.destinationBucket());
                    continue;
                }
                try {
                    report(c, source.get(), dest.get(), clock.instant());
                    lastReport.put(name, now);
                    written++;
                } catch (IOException | RuntimeException e) {
                    LOG.info("S3 inventory {} of {} not delivered to {}: {}", c.id(), c.sourceBucket(),
                            c.destinationBucket(), e.toString());
                }
            }
        }
        return written;
    }

    /** One data file written: its key, compressed size and MD5. */
    record DataFile(String key, long size, String md5) {}

    /** Lists the source, writes the data files, then the manifest, its checksum and the Hive symlink. */
    private void report(Config c, Bucket source, Bucket dest, Instant started) throws IOException {
        DataFiles files = new DataFiles(c, dest);
        if (c.allVersions()) {
            String keyMarker = null;
            String idMarker = null;
            while (true) {
                VersioningEngine.VersionsPage page = versions.list(new VersioningEngine.VersionsRequest(
                        source.accountId(), source.name(), c.filterPrefix(), null, keyMarker, idMarker, PAGE));
                for (VersioningEngine.Entry e : page.versions()) files.row(row(c, source, e.version(), e.latest()));
                if (!page.truncated() || page.versions().isEmpty()) break;
                keyMarker = page.nextKeyMarker();
                idMarker = page.nextVersionIdMarker();
            }
        } else {
            String after = null;
            while (true) {
                ObjectEngine.ListPage page = objects.list(new ObjectEngine.ListRequest(source.accountId(), source.name(),
                        c.filterPrefix(), null, PAGE, after));
                for (StoredObject o : page.contents()) files.row(row(c, source, o, true));
                if (!page.truncated() || page.contents().isEmpty()) break;
                after = page.lastItem();
            }
        }
        List<DataFile> written = files.finish();

        String stamp = MANIFEST_TIME.format(started);
        byte[] manifest = manifest(c, started, written);
        put(dest, c.base() + stamp + "/manifest.json", manifest, "application/json");
        put(dest, c.base() + stamp + "/manifest.checksum", md5(manifest).getBytes(StandardCharsets.UTF_8), "text/plain");
        StringBuilder symlink = new StringBuilder();
        for (DataFile f : written) symlink.append("s3://").append(dest.name()).append('/').append(f.key()).append('\n');
        put(dest, c.base() + "hive/dt=" + HIVE_TIME.format(started) + "/symlink.txt",
                symlink.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private byte[] manifest(Config c, Instant started, List<DataFile> written) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("sourceBucket", c.sourceBucket());
            g.writeStringField("destinationBucket", c.destinationArn());
            g.writeStringField("version", "2016-11-30");
            g.writeStringField("creationTimestamp", Long.toString(started.toEpochMilli()));
            g.writeStringField("fileFormat", "CSV");
            g.writeStringField("fileSchema", String.join(", ", c.columns()));
            g.writeArrayFieldStart("files");
            for (DataFile f : written) {
                g.writeStartObject();
                g.writeStringField("key", f.key());
                g.writeNumberField("size", f.size());
                g.writeStringField("MD5checksum", f.md5());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** One CSV row: the configuration's columns for version {@code v}; empty where the emulator has no value. */
    private List<String> row(Config c, Bucket source, StoredObject v, boolean latest) {
        List<String> out = new ArrayList<>(c.columns().size());
        Acl acl = null;
        boolean aclRead = false;
        for (String col : c.columns()) {
            boolean marker = v.deleteMarker();
            String value = switch (col) {
                case "Bucket" -> source.name();
                case "Key" -> ObjectKeys.formEncoded(v.key());
                case "VersionId" -> v.versionId() == null ? "" : v.versionId();
                case "IsLatest" -> Boolean.toString(latest);
                case "IsDeleteMarker" -> Boolean.toString(marker);
                case "LastModifiedDate" -> Timestamps.iso8601(v.lastModified());
                default -> marker ? "" : null;
            };
            if (value == null) {
                if ((col.equals("ObjectAccessControlList") || col.equals("ObjectOwner")) && !aclRead) {
                    acl = acl(source, v);
                    aclRead = true;
                }
                value = field(col, source, v, acl);
            }
            out.add(value);
        }
        return out;
    }

    private String field(String col, Bucket source, StoredObject v, Acl acl) {
        Map<String, String> h = v.headers();
        String sse = h.get(ServerSideEncryption.ALGORITHM);
        return switch (col) {
            case "Size" -> Long.toString(v.size());
            case "ETag" -> v.etag();
            case "StorageClass" -> v.storageClass();
            case "IsMultipartUploaded" -> Boolean.toString(v.multipart());
            case "ReplicationStatus" -> replication == null || v.versionId() == null ? ""
                    : replication.status(source.name(), v.key(), v.versionId()).orElse("");
            case "EncryptionStatus" -> h.containsKey(ServerSideEncryption.CUSTOMER_ALGORITHM) ? "SSE-C"
                    : "aws:kms".equals(sse) ? "SSE-KMS" : "aws:kms:dsse".equals(sse) ? "DSSE-KMS" : "SSE-S3";
            case "ObjectLockRetainUntilDate" -> v.lock().retainUntil() == null ? "" : Timestamps.iso8601(v.lock().retainUntil());
            case "ObjectLockMode" -> v.lock().mode() == null ? "" : v.lock().mode();
            case "ObjectLockLegalHoldStatus" -> !source.objectLockEnabled() ? "" : v.lock().legalHoldOn() ? "ON" : "OFF";
            // objects here never move between access tiers: one in INTELLIGENT_TIERING stays in the frequent tier
            case "IntelligentTieringAccessTier" -> "INTELLIGENT_TIERING".equals(v.storageClass()) ? "FREQUENT" : "";
            case "BucketKeyStatus" -> "true".equalsIgnoreCase(h.get(ServerSideEncryption.BUCKET_KEY)) ? "ENABLED" : "DISABLED";
            case "ChecksumAlgorithm" -> v.checksumAlgorithm() == null ? "" : v.checksumAlgorithm();
            case "ObjectAccessControlList" -> acl == null ? "" : aclField(acl);
            case "ObjectOwner" -> acl == null ? "" : CanonicalUser.of(acl.ownerAccount()).id();
            default -> "";
        };
    }

    private Acl acl(Bucket source, StoredObject v) {
        if (access == null) return null;
        try {
            return access.getObjectAcl(source.name(), v.key(), v.shownVersionId());
        } catch (RuntimeException gone) {
            return null; // removed since the listing
        }
    }

    /** S3's Object ACL field: its JSON (version 2022-11-10), base64-encoded as CSV reports carry it. */
    static String aclField(Acl acl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", "2022-11-10");
            g.writeStringField("status", "AVAILABLE");
            g.writeArrayFieldStart("grants");
            for (Acl.Grant grant : acl.grants()) {
                g.writeStartObject();
                if (grant.type() == Acl.GranteeType.Group) g.writeStringField("uri", grant.grantee());
                else g.writeStringField("canonicalId", grant.grantee());
                g.writeStringField("permission", grant.permission());
                g.writeStringField("type", grant.type().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** The data files of one report, each gzipped as its rows come and written once it is full. */
    private final class DataFiles {
        private final Config config;
        private final Bucket dest;
        private final List<DataFile> written = new ArrayList<>();
        private ByteArrayOutputStream bytes;
        private Writer writer;

        DataFiles(Config config, Bucket dest) {
            this.config = config;
            this.dest = dest;
        }

        void row(List<String> fields) throws IOException {
            if (writer == null) {
                bytes = new ByteArrayOutputStream();
                writer = new OutputStreamWriter(new GZIPOutputStream(bytes, 64 * 1024), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) writer.write(',');
                writer.write('"');
                writer.write(fields.get(i).replace("\"", "\"\""));
                writer.write('"');
            }
            writer.write('\n');
            if (bytes.size() >= fileBytes) close();
        }

        private void close() throws IOException {
            writer.close();
            byte[] gz = bytes.toByteArray();
            writer = null;
            bytes = null;
            String key = config.base() + "data/" + UUID.randomUUID() + ".csv.gz";
            put(dest, key, gz, "application/x-gzip");
            written.add(new DataFile(key, gz.length, md5(gz)));
        }

        List<DataFile> finish() throws IOException {
            if (writer != null) close();
            return written;
        }
    }

    private void put(Bucket dest, String key, byte[] body, String contentType) throws IOException {
        objects.put(new ObjectEngine.PutRequest(dest.accountId(), dest.name(), key, body.length, null, null, null, false,
                null, Map.of("Content-Type", contentType)), new ByteArrayInputStream(body), Map::of);
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
