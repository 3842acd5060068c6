package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.BucketConfigs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bucket configurations kept as sets of up to 1,000 by id: analytics, inventory, metrics and S3
 * Intelligent-Tiering. Each has Put/Get/Delete with {@code ?<family>&id=} and a List paged by 100 with a
 * continuation token. Each document is validated, then stored as sent; one document per bucket and family
 * holds the whole set, rewritten under a per-bucket lock. Nothing acts on them here (no exports, no
 * CloudWatch metrics, no tier moves): they are what a caller reads back, except inventory, whose reports
 * {@link InventoryReports} delivers.
 */
public final class BucketConfigSetOperations {
    static final int MAX_CONFIGURATIONS = 1000;
    static final int PAGE = 100;

    /** One family: its sub-resource, operation noun, element names and what a valid document is. */
    enum Family {
        ANALYTICS("analytics", "BucketAnalyticsConfiguration", "AnalyticsConfiguration",
                "ListBucketAnalyticsConfigurationResult"),
        INVENTORY("inventory", "BucketInventoryConfiguration", "InventoryConfiguration",
                "ListInventoryConfigurationsResult"),
        METRICS("metrics", "BucketMetricsConfiguration", "MetricsConfiguration",
                "ListMetricsConfigurationsResult"),
        INTELLIGENT_TIERING("intelligent-tiering", "BucketIntelligentTieringConfiguration",
                "IntelligentTieringConfiguration", "ListBucketIntelligentTieringConfigurationsOutput");

        final String kind;
        final String noun;
        final String element;
        final String listResult;

        Family(String kind, String noun, String element, String listResult) {
            this.kind = kind;
            this.noun = noun;
            this.element = element;
            this.listResult = listResult;
        }

        /** The stored document's root: the set, in id order. */
        String setElement() {
            return element + "Set";
        }
    }

    private final BucketConfigs configs;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public BucketConfigSetOperations(BucketConfigs configs) {
        this.configs = configs;
    }

    public void bindTo(S3Router router) {
        for (Family f : Family.values()) {
            router.bind("Put" + f.noun, (ctx, t, body) -> put(f, ctx, t, body))
                    .bind("Get" + f.noun, (ctx, t, body) -> get(f, ctx, t))
                    .bind("Delete" + f.noun, (ctx, t, body) -> delete(f, ctx, t))
                    .bind("List" + f.noun + "s", (ctx, t, body) -> list(f, ctx, t));
        }
    }

    AwsResponse put(Family f, RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        Element doc = BucketConfigXml.root(bytes, f.element);
        String id = ctx.request().queryParam("id");
        validate(f, id, doc);
        synchronized (lock(t.bucket(), f)) {
            List<Element> set = new ArrayList<>(stored(f, ctx, t));
            boolean replaced = set.removeIf(e -> id.equals(e.childText("Id")));
            if (!replaced && set.size() >= MAX_CONFIGURATIONS) {
                throw new AwsException("TooManyConfigurations", 400,
                        "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.");
            }
            set.add(doc);
            set.sort(Comparator.comparing(e -> e.childText("Id")));
            configs.put(ctx.accountId(), t.bucket(), f.kind, BucketConfigXml.canonical(new Element(f.setElement(), "", set)));
        }
        return S3Responses.empty(ctx, 200);
    }

    AwsResponse get(Family f, RequestContext ctx, S3Target t) {
        String id = ctx.request().queryParam("id");
        Element found = stored(f, ctx, t).stream().filter(e -> id.equals(e.childText("Id"))).findFirst()
                .orElseThrow(BucketConfigSetOperations::noSuchConfiguration);
        XmlWriter w = XmlWriter.document().start(f.element, S3Responses.NAMESPACE);
        BucketConfigXml.children(w, found);
        return S3Responses.xml(ctx, w.end());
    }

    AwsResponse delete(Family f, RequestContext ctx, S3Target t) {
        String id = ctx.request().queryParam("id");
        synchronized (lock(t.bucket(), f)) {
            List<Element> set = new ArrayList<>(stored(f, ctx, t));
            if (!set.removeIf(e -> id.equals(e.childText("Id")))) throw noSuchConfiguration();
            if (set.isEmpty()) configs.delete(ctx.accountId(), t.bucket(), f.kind);
            else configs.put(ctx.accountId(), t.bucket(), f.kind, BucketConfigXml.canonical(new Element(f.setElement(), "", set)));
        }
        return S3Responses.empty(ctx, 204);
    }

    AwsResponse list(Family f, RequestContext ctx, S3Target t) {
        String token = ctx.request().queryParam("continuation-token");
        String from = token == null ? null : decodeToken(token);
        List<Element> after = stored(f, ctx, t).stream()
                .filter(e -> from == null || e.childText("Id").compareTo(from) >= 0).toList();
        boolean truncated = after.size() > PAGE;
        XmlWriter w = XmlWriter.document().start(f.listResult, S3Responses.NAMESPACE).element("IsTruncated", truncated);
        if (token != null) w.element("ContinuationToken", token);
        if (truncated) w.element("NextContinuationToken", encodeToken(after.get(PAGE).childText("Id")));
        for (Element e : after.subList(0, Math.min(PAGE, after.size()))) {
            w.start(f.element);
            BucketConfigXml.children(w, e);
            w.end();
        }
        return S3Responses.xml(ctx, w.end());
    }

    /** The bucket's set of {@code f}, in id order; NoSuchBucket and the account check first. */
    private List<Element> stored(Family f, RequestContext ctx, S3Target t) {
        Optional<String> doc = configs.get(ctx.accountId(), t.bucket(), f.kind);
        return doc.map(d -> S3Xml.parse(d.getBytes(StandardCharsets.UTF_8)).children()).orElse(List.of());
    }

    private Object lock(String bucket, Family f) {
        return locks.computeIfAbsent(bucket + "?" + f.kind, k -> new Object());
    }

    static AwsException noSuchConfiguration() {
        return new AwsException("NoSuchConfiguration", 404, "The specified configuration does not exist.");
    }

    private static String encodeToken(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    // ---------------------------------------------------------------- validation

    /** Throws AWS's error for a document {@code f} does not accept under the request's {@code id}. */
    static void validate(Family f, String id, Element doc) {
        switch (f) {
            case ANALYTICS -> analytics(doc);
            case INVENTORY -> inventory(doc);
            case METRICS -> metrics(doc);
            case INTELLIGENT_TIERING -> intelligentTiering(doc);
        }
        String docId = doc.childText("Id");
        if (docId == null || docId.isEmpty()) throw S3Errors.malformedXml();
        if (!docId.equals(id)) {
            if (f == Family.INVENTORY) {
                throw new AwsException("IdMismatch", 400, "Document ID does not match the specified configuration ID.");
            }
            throw S3Errors.malformedXml();
        }
        // the destination's ARN is checked last, after the document and its id (as S3 orders them)
        if (f == Family.INVENTORY && !arn(doc.child("Destination").child("S3BucketDestination").childText("Bucket"))) {
            throw new AwsException("InvalidS3DestinationBucket", 400, "Invalid bucket ARN.");
        }
    }

    private static void analytics(Element doc) {
        only(doc, Set.of("Id", "Filter", "StorageClassAnalysis"));
        filter(doc.child("Filter"), false);
        Element analysis = required(doc, "StorageClassAnalysis");
        only(analysis, Set.of("DataExport"));
        Element export = analysis.child("DataExport");
        if (export != null) {
            only(export, Set.of("OutputSchemaVersion", "Destination"));
            if (!"V_1".equals(export.childText("OutputSchemaVersion"))) throw S3Errors.malformedXml();
            Element dest = required(required(export, "Destination"), "S3BucketDestination");
            only(dest, Set.of("Format", "BucketAccountId", "Bucket", "Prefix"));
            if (!"CSV".equals(dest.childText("Format"))) throw S3Errors.malformedXml();
            destinationBucket(dest);
        }
    }

    private static final Set<String> INVENTORY_FIELDS = Set.of("Size", "LastModifiedDate", "StorageClass", "ETag",
            "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus", "ObjectLockRetainUntilDate", "ObjectLockMode",
            "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier", "BucketKeyStatus", "ChecksumAlgorithm",
            "ObjectAccessControlList", "ObjectOwner");

    private static void inventory(Element doc) {
        only(doc, Set.of("Destination", "IsEnabled", "Filter", "Id", "IncludedObjectVersions", "OptionalFields", "Schedule"));
        Element dest = required(required(doc, "Destination"), "S3BucketDestination");
        only(dest, Set.of("AccountId", "Bucket", "Format", "Prefix", "Encryption"));
        if (!Set.of("CSV", "ORC", "Parquet").contains(dest.childText("Format"))) throw S3Errors.malformedXml();
        destinationBucket(dest);
        String enabled = doc.childText("IsEnabled");
        if (!"true".equals(enabled) && !"false".equals(enabled)) throw S3Errors.malformedXml();
        if (!Set.of("All", "Current").contains(doc.childText("IncludedObjectVersions"))) throw S3Errors.malformedXml();
        if (!Set.of("Daily", "Weekly").contains(required(doc, "Schedule").childText("Frequency"))) {
            throw S3Errors.malformedXml();
        }
        Element filter = doc.child("Filter");
        if (filter != null) only(filter, Set.of("Prefix"));
        Element fields = doc.child("OptionalFields");
        if (fields != null) {
            for (Element field : fields.children()) {
                if (!field.name().equals("Field") || !INVENTORY_FIELDS.contains(field.text())) throw S3Errors.malformedXml();
            }
        }
    }

    private static void metrics(Element doc) {
        only(doc, Set.of("Id", "Filter"));
        filter(doc.child("Filter"), true);
    }

    private static void intelligentTiering(Element doc) {
        only(doc, Set.of("Id", "Filter", "Status", "Tiering"));
        filter(doc.child("Filter"), false);
        if (!Set.of("Enabled", "Disabled").contains(doc.childText("Status"))) throw S3Errors.malformedXml();
        List<Element> tierings = BucketConfigXml.all(doc, "Tiering");
        if (tierings.isEmpty()) throw S3Errors.malformedXml();
        for (Element tiering : tierings) {
            only(tiering, Set.of("Days", "AccessTier"));
            String tier = tiering.childText("AccessTier");
            int days;
            try {
                days = Integer.parseInt(String.valueOf(tiering.childText("Days")));
            } catch (NumberFormatException e) {
                throw S3Errors.malformedXml();
            }
            int min;
            if ("ARCHIVE_ACCESS".equals(tier)) min = 90;
            else if ("DEEP_ARCHIVE_ACCESS".equals(tier)) min = 180;
            else throw S3Errors.malformedXml();
            if (days < min || days > 730) {
                throw S3Errors.invalidArgument("Days for " + tier + " must be between " + min + " and 730", "Days",
                        Integer.toString(days));
            }
        }
    }

    /** A Filter: one of Prefix, Tag, And (and AccessPointArn for metrics); And holds Prefix, Tags (, AccessPointArn). */
    private static void filter(Element filter, boolean accessPoints) {
        if (filter == null) return;
        Set<String> one = accessPoints ? Set.of("Prefix", "Tag", "And", "AccessPointArn") : Set.of("Prefix", "Tag", "And");
        if (filter.children().size() != 1 || !one.contains(filter.children().get(0).name())) throw S3Errors.malformedXml();
        Element only = filter.children().get(0);
        if (only.name().equals("Tag")) tag(only);
        if (only.name().equals("And")) {
            only(only, accessPoints ? Set.of("Prefix", "Tag", "AccessPointArn") : Set.of("Prefix", "Tag"));
            for (Element tag : BucketConfigXml.all(only, "Tag")) tag(tag);
        }
    }

    private static void tag(Element tag) {
        only(tag, Set.of("Key", "Value"));
        if (tag.childText("Key") == null || tag.child("Value") == null) throw S3Errors.malformedXml();
    }

    private static void destinationBucket(Element dest) {
        if (dest.childText("Bucket") == null) throw S3Errors.malformedXml();
    }

    private static boolean arn(String s) {
        return s != null && s.startsWith("arn:") && s.split(":", -1).length >= 6;
    }

    private static Element required(Element parent, String name) {
        Element e = parent.child(name);
        if (e == null) throw S3Errors.malformedXml();
        return e;
    }

    /** MalformedXML for a child the schema does not have. */
    private static void only(Element e, Set<String> allowed) {
        for (Element c : e.children()) if (!allowed.contains(c.name())) throw S3Errors.malformedXml();
    }
}
