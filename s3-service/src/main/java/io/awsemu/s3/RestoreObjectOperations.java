package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;

import java.io.IOException;
import java.util.Set;

/**
 * RestoreObject ({@code POST /key?restore}): a readable copy of a GLACIER or DEEP_ARCHIVE object for a number of
 * days. Restores complete at once here (S3 takes minutes to hours), so GET works right after the 202, and
 * {@code x-amz-restore} shows the copy's expiry. S3 Select restores (Type SELECT) are not supported.
 */
public final class RestoreObjectOperations {
    private static final Set<String> TIERS = Set.of("Standard", "Bulk", "Expedited");

    private final ObjectEngine engine;

    public RestoreObjectOperations(ObjectEngine engine) {
        this.engine = engine;
    }

    public void bindTo(S3Router router) {
        router.bind("RestoreObject", this::restoreObject);
    }

    public AwsResponse restoreObject(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        Element request = BucketConfigXml.root(bytes, "RestoreRequest");
        if (request.child("Type") != null || request.child("SelectParameters") != null
                || request.child("OutputLocation") != null) {
            throw S3Errors.notImplemented("RestoreObject of Type SELECT");
        }
        int days = days(request.childText("Days"));
        Element job = request.child("GlacierJobParameters");
        String tier = job != null ? job.childText("Tier") : request.childText("Tier");
        if (tier != null && !TIERS.contains(tier)) throw S3Errors.malformedXml();
        String versionId = ctx.request().queryParam("versionId");
        boolean existed = engine.restore(ctx.accountId(), t.bucket(), t.key(), versionId, days,
                ObjectEvents.journal(ctx, "ObjectRestore"));
        if (!existed) {
            StoredObject o = engine.get(ctx.accountId(), t.bucket(), t.key(), versionId);
            engine.restoredUntil(o).ifPresent(until -> ObjectEvents.restored(ctx, o, until));
        }
        AwsResponse r = S3Responses.empty(ctx, existed ? 200 : 202);
        if (versionId != null) r.header("x-amz-version-id", versionId);
        return r;
    }

    private static int days(String text) {
        if (text == null) throw S3Errors.malformedXml();
        try {
            int days = Integer.parseInt(text);
            if (days >= 1) return days;
        } catch (NumberFormatException e) {
            // below
        }
        throw S3Errors.malformedXml();
    }
}
