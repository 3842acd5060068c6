package io.awsemu.s3;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.ReplicationConfiguration;

import java.io.IOException;

/**
 * GetBucketReplication, PutBucketReplication, DeleteBucketReplication. The configuration is validated (the
 * document, then the buckets it names), stored as sent (with the IDs S3 generates for rules without one),
 * and carried out by {@link ObjectReplication}.
 */
public final class ReplicationOperations {
    static final String REPLICATION = "replication";

    private final BucketConfigs configs;
    /** Checks the buckets a configuration names and forgets cached ones; null in routing tests (not checked). */
    private final ObjectReplication replication;

    ReplicationOperations(BucketConfigs configs, ObjectReplication replication) {
        this.configs = configs;
        this.replication = replication;
    }

    public void bindTo(S3Router router) {
        router.bind("GetBucketReplication", this::getBucketReplication)
                .bind("PutBucketReplication", this::putBucketReplication)
                .bind("DeleteBucketReplication", this::deleteBucketReplication);
    }

    public AwsResponse getBucketReplication(RequestContext ctx, S3Target t, RequestBody body) {
        String doc = configs.get(ctx.accountId(), t.bucket(), REPLICATION)
                .orElseThrow(() -> S3ConfigErrors.replicationConfigurationNotFoundError(t.bucket()));
        return S3Responses.xml(ctx, XmlWriter.document().raw(doc));
    }

    public AwsResponse putBucketReplication(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        HttpRequestHead head = ctx.request();
        // the model marks the operation httpChecksumRequired: S3 refuses a body without an integrity header
        if (!hasChecksum(head)) throw S3ConfigErrors.missingContentMd5();
        ObjectOperations.verifySmallBody(head, bytes);
        Element root = ReplicationXml.withRuleIds(BucketConfigXml.root(bytes, "ReplicationConfiguration"));
        ReplicationConfiguration c = ReplicationXml.configuration(root);
        if (replication != null) replication.check(ctx.accountId(), t.bucket(), c);
        configs.put(ctx.accountId(), t.bucket(), REPLICATION, BucketConfigXml.canonical(root));
        if (replication != null) replication.forget(t.bucket());
        return S3Responses.empty(ctx, 200);
    }

    public AwsResponse deleteBucketReplication(RequestContext ctx, S3Target t, RequestBody body) {
        configs.delete(ctx.accountId(), t.bucket(), REPLICATION);
        if (replication != null) replication.forget(t.bucket());
        return S3Responses.empty(ctx, 204);
    }

    private static boolean hasChecksum(HttpRequestHead head) {
        if (head.header("Content-MD5") != null) return true;
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) if (head.header(a.header()) != null) return true;
        return false;
    }
}
