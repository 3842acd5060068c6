package io.awsemu.s3.engine;

import io.awsemu.s3.store.BucketStore;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/** A BucketStore in a map, for engine tests; {@link #objectsIn} simulates a bucket holding objects. */
public final class InMemoryBucketStore implements BucketStore {
    private final ConcurrentSkipListMap<String, Bucket> byName = new ConcurrentSkipListMap<>();
    private final Set<String> nonEmpty = new HashSet<>();

    public void objectsIn(String bucket, boolean present) {
        if (present) nonEmpty.add(bucket); else nonEmpty.remove(bucket);
    }

    @Override public boolean insert(Bucket b) { return byName.putIfAbsent(b.name(), b) == null; }

    @Override public Optional<Bucket> find(String name) { return Optional.ofNullable(byName.get(name)); }

    @Override public List<Bucket> list(String accountId) {
        return byName.values().stream().filter(b -> b.accountId().equals(accountId)).toList();
    }

    @Override public void updateCannedAcl(String name, String acl) { byName.computeIfPresent(name, (k, b) -> b.withCannedAcl(acl)); }

    @Override public synchronized DeleteOutcome deleteIfEmpty(String name) {
        if (!byName.containsKey(name)) return DeleteOutcome.NOT_FOUND;
        if (nonEmpty.contains(name)) return DeleteOutcome.NOT_EMPTY;
        byName.remove(name);
        return DeleteOutcome.DELETED;
    }
}
