package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.StoredObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link BucketConfigStore} in memory, for engine tests and routers built without a database. Tag sets that an H2
 * object store publishes with their objects ({@link ObjectTagRows}) are not seen here: only those put through this
 * store are.
 */
public final class MemoryBucketConfigStore implements BucketConfigStore {
    private final Map<String, String> docs = new ConcurrentSkipListMap<>();
    private final Map<String, String> tags = new ConcurrentSkipListMap<>();

    @Override
    public Optional<String> get(String bucket, String kind) {
        return Optional.ofNullable(docs.get(bucket + "\n" + kind));
    }

    @Override
    public boolean put(String bucket, String kind, String document) {
        docs.put(bucket + "\n" + kind, document);
        return true;
    }

    @Override
    public boolean delete(String bucket, String kind) {
        return docs.remove(bucket + "\n" + kind) != null;
    }

    @Override
    public List<String[]> all(String kind) {
        List<String[]> out = new ArrayList<>();
        docs.forEach((k, v) -> {
            String[] bk = k.split("\n", 2);
            if (bk[1].equals(kind)) out.add(new String[] {bk[0], v});
        });
        return out;
    }

    @Override
    public Optional<String> objectTags(String bucket, String key, String versionId) {
        return Optional.ofNullable(tags.get(bucket + "\n" + key + "\n" + versionId));
    }

    @Override
    public void putObjectTags(String bucket, String key, String versionId, String encodedTags) {
        if (encodedTags.isEmpty()) tags.remove(bucket + "\n" + key + "\n" + versionId);
        else tags.put(bucket + "\n" + key + "\n" + versionId, encodedTags);
    }

    /** No outbox without a database: {@code journal} is never written (the answer alone delivers the event). */
    @Override
    public void putObjectTags(StoredObject v, String encodedTags, Journal journal) {
        putObjectTags(v.bucket(), v.key(), v.shownVersionId(), encodedTags);
    }

    @Override
    public void deleteObjectTags(String bucket, String key, String versionId) {
        if (versionId != null) {
            tags.remove(bucket + "\n" + key + "\n" + versionId);
            return;
        }
        tags.keySet().removeIf(k -> k.startsWith(bucket + "\n" + key + "\n")
                && k.indexOf('\n', bucket.length() + key.length() + 2) < 0);
    }
}
