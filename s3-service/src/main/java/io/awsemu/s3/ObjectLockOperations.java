package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.DefaultRetention;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.ObjectLockEngine;
import io.awsemu.s3.engine.StoredObject;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * S3 Object Lock on the wire: Get/PutObjectLockConfiguration, Get/PutObjectRetention, Get/PutObjectLegalHold,
 * the x-amz-object-lock-* headers of writes (PutObject, CopyObject, CreateMultipartUpload) and of GET/HEAD
 * answers, and x-amz-bypass-governance-retention.
 */
public final class ObjectLockOperations {
    static final String MODE = "x-amz-object-lock-mode";
    static final String RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";
    static final String LEGAL_HOLD = "x-amz-object-lock-legal-hold";
    static final String BYPASS = "x-amz-bypass-governance-retention";

    /**
     * Attached by the authorizer when the request asks to bypass governance retention but the caller lacks
     * s3:BypassGovernanceRetention: the header then counts for nothing.
     */
    record BypassNotAllowed() {}

    private final ObjectLockEngine engine;

    public ObjectLockOperations(ObjectLockEngine engine) {
        this.engine = engine;
    }

    public void bindTo(S3Router router) {
        router.bind("GetObjectLockConfiguration", this::getObjectLockConfiguration)
                .bind("PutObjectLockConfiguration", this::putObjectLockConfiguration)
                .bind("GetObjectRetention", this::getObjectRetention)
                .bind("PutObjectRetention", this::putObjectRetention)
                .bind("GetObjectLegalHold", this::getObjectLegalHold)
                .bind("PutObjectLegalHold", this::putObjectLegalHold);
    }

    // ---------------------------------------------------------------- bucket configuration

    public AwsResponse getObjectLockConfiguration(RequestContext ctx, S3Target t, RequestBody body) {
        Optional<DefaultRetention> rule = engine.configuration(ctx.accountId(), t.bucket());
        XmlWriter w = XmlWriter.document().start("ObjectLockConfiguration", S3Responses.NAMESPACE)
                .element("ObjectLockEnabled", "Enabled");
        rule.ifPresent(r -> {
            w.start("Rule").start("DefaultRetention").element("Mode", r.mode());
            if (r.days() > 0) w.element("Days", r.days());
            else w.element("Years", r.years());
            w.end().end();
        });
        return S3Responses.xml(ctx, w.end());
    }

    public AwsResponse putObjectLockConfiguration(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "ObjectLockConfiguration");
        if (!"Enabled".equals(root.childText("ObjectLockEnabled"))) throw S3Errors.malformedXml();
        Element rule = root.child("Rule");
        engine.putConfiguration(ctx.accountId(), t.bucket(), rule == null ? null : defaultRetention(rule));
        return S3Responses.empty(ctx, 200);
    }

    /** Rule/DefaultRetention: a mode and exactly one of Days and Years, a positive integer. */
    static DefaultRetention defaultRetention(Element rule) {
        Element d = rule.child("DefaultRetention");
        if (d == null) throw S3Errors.malformedXml();
        String mode = ObjectLock.mode(d.childText("Mode"));
        String days = d.childText("Days");
        String years = d.childText("Years");
        if (mode == null || (days == null) == (years == null)) throw S3Errors.malformedXml();
        int n;
        try {
            n = Integer.parseInt(days != null ? days : years);
        } catch (NumberFormatException e) {
            throw S3Errors.malformedXml();
        }
        if (n <= 0) {
            throw S3Errors.invalidArgument("Default retention period must be a positive integer value.",
                    days != null ? "Days" : "Years", Integer.toString(n));
        }
        return days != null ? new DefaultRetention(mode, n, 0) : new DefaultRetention(mode, 0, n);
    }

    // ---------------------------------------------------------------- retention

    public AwsResponse getObjectRetention(RequestContext ctx, S3Target t, RequestBody body) {
        ObjectLock lock = engine.retention(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"));
        return S3Responses.xml(ctx, XmlWriter.document().start("Retention", S3Responses.NAMESPACE)
                .element("Mode", lock.mode())
                .element("RetainUntilDate", Timestamps.iso8601(lock.retainUntil()))
                .end());
    }

    /** A Retention with Mode and RetainUntilDate sets it; an empty one removes it. */
    public AwsResponse putObjectRetention(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "Retention");
        String modeText = root.childText("Mode");
        String dateText = root.childText("RetainUntilDate");
        if ((modeText == null) != (dateText == null)) throw S3Errors.malformedXml();
        String mode = null;
        Instant until = null;
        if (modeText != null) {
            mode = ObjectLock.mode(modeText);
            if (mode == null) throw S3Errors.malformedXml();
            until = isoDate(dateText);
            if (until == null) throw S3Errors.malformedXml();
        }
        engine.putRetention(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"), mode, until,
                bypass(ctx));
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- legal hold

    public AwsResponse getObjectLegalHold(RequestContext ctx, S3Target t, RequestBody body) {
        String status = engine.legalHold(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"));
        return S3Responses.xml(ctx, XmlWriter.document().start("LegalHold", S3Responses.NAMESPACE)
                .element("Status", status).end());
    }

    public AwsResponse putObjectLegalHold(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        Element root = document(ctx, body, "LegalHold");
        String status = root.childText("Status");
        if (!"ON".equals(status) && !"OFF".equals(status)) throw S3Errors.malformedXml();
        engine.putLegalHold(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"), status);
        return S3Responses.empty(ctx, 200);
    }

    // ---------------------------------------------------------------- on object writes and reads

    /**
     * The x-amz-object-lock-* headers of a write, or null when it sent none. Mode and date go together;
     * the date's being in the future and the bucket's having Object Lock are the engine's to check.
     */
    static ObjectLock requestLock(HttpRequestHead head) {
        return requestLock(head::header);
    }

    /** As {@link #requestLock(HttpRequestHead)}, the values looked up by header name (PostObject: its form fields). */
    static ObjectLock requestLock(Function<String, String> field) {
        String mode = field.apply(MODE);
        String date = field.apply(RETAIN_UNTIL);
        String hold = field.apply(LEGAL_HOLD);
        if (mode == null && date == null && hold == null) return null;
        if (hold != null && !hold.equals("ON") && !hold.equals("OFF")) {
            throw S3Errors.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", LEGAL_HOLD, hold);
        }
        if ((mode == null) != (date == null)) {
            throw S3Errors.invalidArgument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both"
                    + " be supplied", mode == null ? RETAIN_UNTIL : MODE, mode == null ? date : mode);
        }
        Instant until = null;
        if (mode != null) {
            if (ObjectLock.mode(mode) == null) throw S3Errors.invalidArgument("Unknown wormMode directive.", MODE, mode);
            until = isoDate(date);
            if (until == null) {
                throw S3Errors.invalidArgument("The retain until date must be provided in ISO 8601 format",
                        RETAIN_UNTIL, date);
            }
        }
        return new ObjectLock(mode, until, hold);
    }

    /** Whether a write asks for a retention (it then needs s3:PutObjectRetention). */
    static boolean asksRetention(Function<String, String> field) {
        return field.apply(MODE) != null || field.apply(RETAIN_UNTIL) != null;
    }

    /** Whether a write asks for a legal hold (it then needs s3:PutObjectLegalHold). */
    static boolean asksLegalHold(Function<String, String> field) {
        return field.apply(LEGAL_HOLD) != null;
    }

    /** An ISO-8601 date-time at millisecond precision (as S3 keeps it), or null when it is not one. */
    static Instant isoDate(String s) {
        String v = s.trim();
        if (v.isEmpty() || !Character.isDigit(v.charAt(0)) || v.indexOf('-') < 0) return null;
        try {
            return Timestamps.parse(v).truncatedTo(ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** x-amz-bypass-governance-retention: true, from a caller allowed s3:BypassGovernanceRetention. */
    static boolean bypass(RequestContext ctx) {
        return "true".equalsIgnoreCase(ctx.request().header(BYPASS)) && ctx.attached(BypassNotAllowed.class) == null;
    }

    /** GET/HEAD: the version's retention and legal hold. */
    static void addHeaders(AwsResponse r, StoredObject o) {
        ObjectLock lock = o.lock();
        if (lock.hasRetention()) {
            r.header(MODE, lock.mode()).header(RETAIN_UNTIL, Timestamps.iso8601(lock.retainUntil()));
        }
        if (lock.legalHold() != null) r.header(LEGAL_HOLD, lock.legalHold());
    }

    private static Element document(RequestContext ctx, RequestBody body, String rootName) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        if (bytes.length == 0) throw S3Errors.malformedXml();
        Element root = S3Xml.parse(bytes);
        if (!root.name().equals(rootName)) throw S3Errors.malformedXml();
        return root;
    }
}
