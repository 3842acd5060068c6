package io.awsemu.s3.engine;

/**
 * What other parts of S3 need to know when an object version appears or goes away (its tag set goes
 * with it). Called after the metadata transaction that published or removed the object; every path
 * that writes or removes objects calls it (PutObject, CopyObject, DeleteObject(s), and the multipart
 * and versioning paths). {@code versionId} is "null" for objects of an unversioned bucket.
 */
public interface ObjectHooks {
    /** A new object (or version) now lives at the key; for an unversioned key it replaced the old one. */
    void written(String bucket, String key, String versionId);

    /** The object (or that version) is gone; {@code versionId} null means every version of the key. */
    void deleted(String bucket, String key, String versionId);

    ObjectHooks NONE = new ObjectHooks() {
        @Override public void written(String bucket, String key, String versionId) {}
        @Override public void deleted(String bucket, String key, String versionId) {}
    };
}
