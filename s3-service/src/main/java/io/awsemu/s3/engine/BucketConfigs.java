package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.BucketConfigStore;

import java.util.List;
import java.util.Optional;

/**
 * A bucket's configuration sub-resources as stored documents, one per kind. The wire layer parses and
 * validates them before they get here; this checks the bucket (NoSuchBucket, AccessDenied) as every
 * bucket operation does.
 */
public final class BucketConfigs {
    private final BucketEngine buckets;
    private final BucketConfigStore store;

    public BucketConfigs(BucketEngine buckets, BucketConfigStore store) {
        this.buckets = buckets;
        this.store = store;
    }

    public Optional<String> get(String accountId, String bucket, String kind) {
        buckets.get(accountId, bucket);
        return store.get(bucket, kind);
    }

    /** Without the account check: for the website endpoint and CORS, which act for the bucket's owner. */
    public Optional<String> read(String bucket, String kind) {
        return store.get(bucket, kind);
    }

    public void put(String accountId, String bucket, String kind, String document) {
        buckets.get(accountId, bucket);
        if (!store.put(bucket, kind, document)) throw S3Errors.noSuchBucket(bucket);
    }

    public boolean delete(String accountId, String bucket, String kind) {
        buckets.get(accountId, bucket);
        return store.delete(bucket, kind);
    }

    /** {bucket, document} for every bucket that has a document of {@code kind}. */
    public List<String[]> all(String kind) {
        return store.all(kind);
    }
}
