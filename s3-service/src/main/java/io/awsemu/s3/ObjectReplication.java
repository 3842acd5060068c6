package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.ReplicationConfiguration;
import io.awsemu.s3.engine.ReplicationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bucket replication around the requests: after a client's write succeeded (PutObject, CopyObject,
 * CompleteMultipartUpload, PostObject, a DeleteObject that made a delete marker), each version a rule sends
 * somewhere is recorded PENDING before the answer goes out, and the {@link ReplicationEngine} replicates it in
 * the background. GetObject and HeadObject answer {@code x-amz-replication-status}. Replicas are written by the
 * engine, not by requests, so they are never replicated again.
 */
final class ObjectReplication implements S3Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectReplication.class);

    private final BucketConfigs configs;
    private final ReplicationEngine engine;
    private final String domain;
    /** Each bucket's configuration, read once; dropped when it is put or deleted, or the bucket deleted or created. */
    private final Map<String, Optional<ReplicationConfiguration>> cache = new ConcurrentHashMap<>();

    ObjectReplication(BucketConfigs configs, ReplicationEngine engine, String domain) {
        this.configs = configs;
        this.engine = engine;
        this.domain = domain;
    }

    void check(String accountId, String bucket, ReplicationConfiguration c) {
        engine.checkConfiguration(accountId, bucket, c);
    }

    void forget(String bucket) {
        cache.remove(bucket);
    }

    private Optional<ReplicationConfiguration> configuration(String bucket) {
        return cache.computeIfAbsent(bucket, b -> configs.read(b, ReplicationOperations.REPLICATION)
                .map(doc -> ReplicationXml.configuration(BucketConfigXml.read(doc))));
    }

    @Override
    public void after(RequestContext ctx, AwsResponse response) {
        if (response.status() >= 300) return;
        String operation = ctx.operation();
        if (operation == null) return;
        switch (operation) {
            case "CreateBucket", "DeleteBucket" -> {
                String bucket = S3Target.parse(ctx.request(), domain).bucket();
                if (bucket != null) forget(bucket);
                return;
            }
            case "GetObject", "HeadObject" -> {
                statusHeader(ctx, response);
                return;
            }
            default -> { }
        }
        ObjectEvents recorded = ctx.attached(ObjectEvents.class);
        if (recorded == null) return;
        for (ObjectEvents.Event e : recorded.events()) {
            try {
                replicate(e);
            } catch (RuntimeException failure) {
                // the write itself is acknowledged: it stays, unreplicated, and the log says so
                LOG.warn("S3 replication of {}/{} version {} not queued", e.bucket(), e.key(), e.versionId(), failure);
            }
        }
    }

    /**
     * Queues the version a client's write made (ObjectCreated:*) or the delete marker (ObjectRemoved:DeleteMarkerCreated)
     * when the bucket's configuration sends it anywhere; after the answer, or at the replay of a journaled write.
     */
    void replicate(ObjectEvents.Event e) {
        if (e.versionId() == null) return; // an unversioned bucket replicates nothing
        Optional<ReplicationConfiguration> c = configuration(e.bucket());
        if (c.isEmpty()) return;
        if (e.name().startsWith("ObjectCreated:")) {
            engine.objectWritten(c.get(), e.bucket(), e.key(), e.versionId());
        } else if (e.name().equals("ObjectRemoved:DeleteMarkerCreated")) {
            engine.deleteMarkerCreated(c.get(), e.bucket(), e.key(), e.versionId());
        }
    }

    private void statusHeader(RequestContext ctx, AwsResponse response) {
        String versionId = response.headers().get("x-amz-version-id");
        if (versionId == null || versionId.equals("null")) return;
        S3Target t = S3Target.parse(ctx.request(), domain);
        if (t.bucket() == null || t.key() == null) return;
        engine.status(t.bucket(), t.key(), versionId).ifPresent(s -> response.header("x-amz-replication-status", s));
    }
}
