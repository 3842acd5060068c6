package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.LifecycleConfiguration;
import io.awsemu.s3.engine.LifecycleSweeper;
import io.awsemu.s3.engine.Tags;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bucket configuration sub-resources: tagging, CORS, website, lifecycle, default encryption, logging,
 * request payment, transfer acceleration and event notifications. Each document is validated into
 * its model, then stored as sent and answered back by its Get operation.
 */
public final class BucketConfigOperations {
    static final String TAGGING = "tagging";
    static final String CORS = "cors";
    static final String WEBSITE = "website";
    static final String LIFECYCLE = LifecycleSweeper.KIND;
    static final String ENCRYPTION = "encryption";
    static final String LOGGING = "logging";
    static final String REQUEST_PAYMENT = "requestPayment";
    static final String ACCELERATE = "accelerate";
    static final String NOTIFICATION = "notification";

    private final BucketEngine buckets;
    private final BucketConfigs configs;
    /** Checks the destinations of notification configurations; null: not checked. */
    private final EventNotifications events;

    public BucketConfigOperations(BucketEngine buckets, BucketConfigs configs) {
        this(buckets, configs, null);
    }

    BucketConfigOperations(BucketEngine buckets, BucketConfigs configs, EventNotifications events) {
        this.events = events;
        this.buckets = buckets;
        this.configs = configs;
    }

    public void bindTo(S3Router router) {
        router.bind("GetBucketTagging", this::getBucketTagging)
                .bind("PutBucketTagging", this::putBucketTagging)
                .bind("DeleteBucketTagging", this::deleteBucketTagging)
                .bind("GetBucketCors", this::getBucketCors)
                .bind("PutBucketCors", this::putBucketCors)
                .bind("DeleteBucketCors", this::deleteBucketCors)
                .bind("GetBucketWebsite", this::getBucketWebsite)
                .bind("PutBucketWebsite", this::putBucketWebsite)
                .bind("DeleteBucketWebsite", this::deleteBucketWebsite)
                .bind("GetBucketLifecycleConfiguration", this::getBucketLifecycleConfiguration)
                .bind("PutBucketLifecycleConfiguration", this::putBucketLifecycleConfiguration)
                .bind("DeleteBucketLifecycle", this::deleteBucketLifecycle)
                .bind("GetBucketEncryption", this::getBucketEncryption)
                .bind("PutBucketEncryption", this::putBucketEncryption)
                .bind("DeleteBucketEncryption", this::deleteBucketEncryption)
                .bind("GetBucketLogging", this::getBucketLogging)
                .bind("PutBucketLogging", this::putBucketLogging)
                .bind("GetBucketRequestPayment", this::getBucketRequestPayment)
                .bind("PutBucketRequestPayment", this::putBucketRequestPayment)
                .bind("GetBucketAccelerateConfiguration", this::getBucketAccelerateConfiguration)
                .bind("PutBucketAccelerateConfiguration", this::putBucketAccelerateConfiguration)
                .bind("GetBucketNotificationConfiguration", this::getBucketNotificationConfiguration)
                .bind("PutBucketNotificationConfiguration", this::putBucketNotificationConfiguration);
    }

    // ---------------------------------------------------------------- tagging

    public AwsResponse getBucketTagging(RequestContext ctx, S3Target t, RequestBody body) {
        String doc = configs.get(ctx.accountId(), t.bucket(), TAGGING)
                .orElseThrow(() -> S3ConfigErrors.noSuchTagSet(t.bucket()));
        return stored(ctx, doc);
    }

    public AwsResponse putBucketTagging(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "Tagging");
        Tags.validate(BucketConfigXml.tagSet(root), false);
        configs.put(ctx.accountId(), t.bucket(), TAGGING, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 204);
    }

    public AwsResponse deleteBucketTagging(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), TAGGING);
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- CORS

    public AwsResponse getBucketCors(RequestContext ctx, S3Target t, RequestBody body) {
        return stored(ctx, configs.get(ctx.accountId(), t.bucket(), CORS)
                .orElseThrow(() -> S3ConfigErrors.noSuchCorsConfiguration(t.bucket())));
    }

    public AwsResponse putBucketCors(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "CORSConfiguration");
        BucketConfigXml.cors(root);
        configs.put(ctx.accountId(), t.bucket(), CORS, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    public AwsResponse deleteBucketCors(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), CORS);
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- website

    public AwsResponse getBucketWebsite(RequestContext ctx, S3Target t, RequestBody body) {
        return stored(ctx, configs.get(ctx.accountId(), t.bucket(), WEBSITE)
                .orElseThrow(() -> S3ConfigErrors.noSuchWebsiteConfiguration(t.bucket())));
    }

    public AwsResponse putBucketWebsite(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "WebsiteConfiguration");
        BucketConfigXml.website(root);
        configs.put(ctx.accountId(), t.bucket(), WEBSITE, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    public AwsResponse deleteBucketWebsite(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), WEBSITE);
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- lifecycle

    static final String TRANSITION_DEFAULT = "x-amz-transition-default-minimum-object-size";

    public AwsResponse getBucketLifecycleConfiguration(RequestContext ctx, S3Target t, RequestBody body) {
        AwsResponse r = stored(ctx, configs.get(ctx.accountId(), t.bucket(), LIFECYCLE)
                .orElseThrow(() -> S3ConfigErrors.noSuchLifecycleConfiguration(t.bucket())));
        return r.header(TRANSITION_DEFAULT, configs.get(ctx.accountId(), t.bucket(), LifecycleSweeper.MINIMUM_SIZE_KIND)
                .orElse(LifecycleConfiguration.ALL_CLASSES_128K));
    }

    public AwsResponse putBucketLifecycleConfiguration(RequestContext ctx, S3Target t, RequestBody body)
            throws IOException {
        String minimum = ctx.request().header(TRANSITION_DEFAULT);
        if (minimum != null && !minimum.equals(LifecycleConfiguration.ALL_CLASSES_128K)
                && !minimum.equals(LifecycleConfiguration.VARIES_BY_CLASS)) {
            throw S3Errors.invalidRequest("Invalid value for " + TRANSITION_DEFAULT + ": " + minimum);
        }
        Element root = document(ctx, body, "LifecycleConfiguration");
        BucketConfigXml.lifecycle(root);
        // the size setting first: a configuration is never carried out with another one's setting
        if (LifecycleConfiguration.VARIES_BY_CLASS.equals(minimum)) {
            configs.put(ctx.accountId(), t.bucket(), LifecycleSweeper.MINIMUM_SIZE_KIND, minimum);
        } else {
            configs.delete(ctx.accountId(), t.bucket(), LifecycleSweeper.MINIMUM_SIZE_KIND);
        }
        configs.put(ctx.accountId(), t.bucket(), LIFECYCLE, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200).header(TRANSITION_DEFAULT,
                minimum == null ? LifecycleConfiguration.ALL_CLASSES_128K : minimum);
    }

    public AwsResponse deleteBucketLifecycle(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), LIFECYCLE);
        configs.delete(ctx.accountId(), t.bucket(), LifecycleSweeper.MINIMUM_SIZE_KIND);
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- encryption

    private static final Set<String> SSE = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    /** Since January 2023 every bucket has SSE-S3 by default: without a stored one, that is the answer. */
    public AwsResponse getBucketEncryption(RequestContext ctx, S3Target t, RequestBody body) {
        Optional<String> doc = configs.get(ctx.accountId(), t.bucket(), ENCRYPTION);
        if (doc.isPresent()) return stored(ctx, doc.get());
        return S3Responses.xml(ctx, XmlWriter.document().start("ServerSideEncryptionConfiguration", S3Responses.NAMESPACE)
                .start("Rule").start("ApplyServerSideEncryptionByDefault").element("SSEAlgorithm", "AES256").end()
                .element("BucketKeyEnabled", false).end().end());
    }

    public AwsResponse putBucketEncryption(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "ServerSideEncryptionConfiguration");
        var rules = BucketConfigXml.all(root, "Rule");
        if (rules.isEmpty()) throw S3Errors.malformedXml();
        for (Element rule : rules) {
            Element dflt = rule.child("ApplyServerSideEncryptionByDefault");
            if (dflt == null) throw S3Errors.malformedXml();
            String alg = dflt.childText("SSEAlgorithm");
            if (alg == null || !SSE.contains(alg)) throw S3Errors.malformedXml();
            if (dflt.childText("KMSMasterKeyID") != null && alg.equals("AES256")) {
                throw S3Errors.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not"
                        + " aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", null);
            }
            String bucketKey = rule.childText("BucketKeyEnabled");
            if (bucketKey != null && !bucketKey.equals("true") && !bucketKey.equals("false")) throw S3Errors.malformedXml();
        }
        configs.put(ctx.accountId(), t.bucket(), ENCRYPTION, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    /** Back to the SSE-S3 default; answers 204 whether or not one was set, as AWS does. */
    public AwsResponse deleteBucketEncryption(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), ENCRYPTION);
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- logging

    public AwsResponse getBucketLogging(RequestContext ctx, S3Target t, RequestBody body) {
        return storedOr(ctx, configs.get(ctx.accountId(), t.bucket(), LOGGING), "BucketLoggingStatus");
    }

    public AwsResponse putBucketLogging(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "BucketLoggingStatus");
        Element enabled = root.child("LoggingEnabled");
        if (enabled == null) {
            configs.delete(ctx.accountId(), t.bucket(), LOGGING);
            return S3Responses.empty(ctx, 200);
        }
        String target = enabled.childText("TargetBucket");
        if (target == null || enabled.child("TargetPrefix") == null) throw S3Errors.malformedXml();
        try {
            buckets.get(ctx.accountId(), target);
        } catch (io.awsemu.core.error.AwsException e) {
            throw new io.awsemu.core.error.AwsException("InvalidTargetBucketForLogging", 400,
                    "The target bucket for logging does not exist").with("TargetBucket", target);
        }
        configs.put(ctx.accountId(), t.bucket(), LOGGING, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- request payment

    public AwsResponse getBucketRequestPayment(RequestContext ctx, S3Target t, RequestBody body) {
        Optional<String> doc = configs.get(ctx.accountId(), t.bucket(), REQUEST_PAYMENT);
        if (doc.isPresent()) return stored(ctx, doc.get());
        return S3Responses.xml(ctx, XmlWriter.document().start("RequestPaymentConfiguration", S3Responses.NAMESPACE)
                .element("Payer", "BucketOwner").end());
    }

    public AwsResponse putBucketRequestPayment(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "RequestPaymentConfiguration");
        String payer = root.childText("Payer");
        if (!"Requester".equals(payer) && !"BucketOwner".equals(payer)) throw S3Errors.malformedXml();
        configs.put(ctx.accountId(), t.bucket(), REQUEST_PAYMENT, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- accelerate

    public AwsResponse getBucketAccelerateConfiguration(RequestContext ctx, S3Target t, RequestBody body) {
        return storedOr(ctx, configs.get(ctx.accountId(), t.bucket(), ACCELERATE), "AccelerateConfiguration");
    }

    public AwsResponse putBucketAccelerateConfiguration(RequestContext ctx, S3Target t, RequestBody body)
            throws IOException {
        Element root = document(ctx, body, "AccelerateConfiguration");
        String status = root.childText("Status");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) throw S3Errors.malformedXml();
        buckets.get(ctx.accountId(), t.bucket());
        if (t.bucket().contains(".")) {
            throw S3Errors.invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names");
        }
        configs.put(ctx.accountId(), t.bucket(), ACCELERATE, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- notification

    private static final Pattern EVENT = Pattern.compile("s3:[A-Za-z]+:(\\*|[A-Za-z]+(:[A-Za-z]+)?)|s3:[A-Za-z]+");
    private static final Map<String, String> DESTINATIONS = Map.of("TopicConfiguration", "Topic",
            "QueueConfiguration", "Queue", "CloudFunctionConfiguration", "CloudFunction",
            "LambdaFunctionConfiguration", "CloudFunction");

    public AwsResponse getBucketNotificationConfiguration(RequestContext ctx, S3Target t, RequestBody body) {
        return storedOr(ctx, configs.get(ctx.accountId(), t.bucket(), NOTIFICATION), "NotificationConfiguration");
    }

    /** Validated (queues must exist) and stored; {@link EventNotifications} delivers to the queues. */
    public AwsResponse putBucketNotificationConfiguration(RequestContext ctx, S3Target t, RequestBody body)
            throws IOException {
        Element root = document(ctx, body, "NotificationConfiguration");
        for (Element c : root.children()) {
            if (c.name().equals("EventBridgeConfiguration")) continue;
            String arnElement = DESTINATIONS.get(c.name());
            if (arnElement == null) throw S3Errors.malformedXml();
            String arn = c.childText(arnElement);
            if (arn == null || !arn.startsWith("arn:")) {
                throw S3Errors.invalidArgument("The ARN is not well formed", arnElement, arn);
            }
            var events = BucketConfigXml.all(c, "Event");
            if (events.isEmpty()) throw S3Errors.malformedXml();
            for (Element e : events) {
                if (!EVENT.matcher(e.text()).matches()) {
                    throw S3Errors.invalidArgument("The event is not supported for notifications", "Event", e.text());
                }
            }
            Element key = c.child("Filter") == null ? null : c.child("Filter").child("S3Key");
            for (Element rule : BucketConfigXml.all(key, "FilterRule")) {
                String name = rule.childText("Name");
                if (name == null || !(name.equalsIgnoreCase("prefix") || name.equalsIgnoreCase("suffix"))) {
                    throw S3Errors.invalidArgument("filter rule name must be either prefix or suffix", "FilterRule.Name", name);
                }
            }
        }
        Bucket bucket = buckets.get(ctx.accountId(), t.bucket());
        if (events != null && !EventNotifications.skipValidation(ctx)) events.validate(bucket, root);
        if (root.children().isEmpty()) configs.delete(ctx.accountId(), t.bucket(), NOTIFICATION);
        else configs.put(ctx.accountId(), t.bucket(), NOTIFICATION, BucketConfigXml.canonical(root));
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- shared

    /** The request's configuration document, integrity-checked (Content-MD5 / x-amz-checksum-*). */
    private Element document(RequestContext ctx, RequestBody body, String rootName) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        return BucketConfigXml.root(bytes, rootName);
    }

    private static AwsResponse stored(RequestContext ctx, String doc) {
        return S3Responses.xml(ctx, XmlWriter.document().raw(doc));
    }

    private static AwsResponse storedOr(RequestContext ctx, Optional<String> doc, String emptyRoot) {
        return stored(ctx, doc.orElse("<" + emptyRoot + " xmlns=\"" + S3Responses.NAMESPACE + "\"/>"));
    }
}
