package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.BucketStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Bucket lifecycle: create, look up, list, delete. No HTTP here; errors are S3's. */
public final class BucketEngine {
    public static final Set<String> CANNED_ACLS = Set.of(
            "private", "public-read", "public-read-write", "authenticated-read");
    public static final Set<String> OBJECT_OWNERSHIPS = Set.of(
            "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter");
    /** AWS's page size when a ListBuckets paging parameter is sent without max-buckets. */
    public static final int DEFAULT_PAGE = 10_000;

    private final BucketStore store;
    private final Clock clock;

    public BucketEngine(BucketStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param endpointRegion     the region the request was sent to (its signing region)
     * @param locationConstraint from CreateBucketConfiguration, null or empty when none was sent
     * @param cannedAcl          x-amz-acl or null
     * @param objectOwnership    x-amz-object-ownership or null
     */
    public record CreateRequest(String accountId, String name, String endpointRegion, String locationConstraint,
                                String cannedAcl, String objectOwnership, boolean objectLockEnabled) {}

    public Bucket create(CreateRequest r) {
        if (!BucketNames.isValid(r.name())) throw S3Errors.invalidBucketName(r.name());
        String constraint = r.locationConstraint() == null || r.locationConstraint().isEmpty() ? null : r.locationConstraint();
        if (constraint != null && !LocationConstraints.isValid(constraint)) {
            throw S3Errors.invalidLocationConstraint(constraint);
        }
        String endpoint = r.endpointRegion() == null ? LocationConstraints.US_EAST_1 : r.endpointRegion();
        // The us-east-1 (global) endpoint creates buckets anywhere; a regional one only in its region.
        if (!endpoint.equals(LocationConstraints.US_EAST_1) && !LocationConstraints.region(constraint).equals(endpoint)) {
            throw S3Errors.illegalLocationConstraintException(constraint);
        }
        String acl = r.cannedAcl() == null ? "private" : r.cannedAcl();
        if (!CANNED_ACLS.contains(acl)) throw S3Errors.invalidArgument("Invalid canned ACL: " + acl, "x-amz-acl", acl);
        String ownership = r.objectOwnership() == null ? "BucketOwnerEnforced" : r.objectOwnership();
        if (!OBJECT_OWNERSHIPS.contains(ownership)) {
            throw S3Errors.invalidArgument("Invalid x-amz-object-ownership header: " + ownership,
                    "x-amz-object-ownership", ownership);
        }
        Bucket fresh = new Bucket(r.name(), r.accountId(), LocationConstraints.region(constraint), constraint,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), acl, ownership, r.objectLockEnabled());
        while (true) {
            var existing = store.find(r.name());
            if (existing.isPresent()) return recreate(existing.get(), fresh, endpoint);
            if (store.insert(fresh)) return fresh;
            // lost a race with another creator: answer as if theirs had come first
        }
    }

    private Bucket recreate(Bucket existing, Bucket fresh, String endpoint) {
        if (!existing.accountId().equals(fresh.accountId())) throw S3Errors.bucketAlreadyExists(fresh.name());
        // AWS's legacy us-east-1 behaviour: the owner re-creating a us-east-1 bucket there gets 200 OK
        // and the bucket's ACL reset to the one sent; everywhere else it is BucketAlreadyOwnedByYou.
        if (endpoint.equals(LocationConstraints.US_EAST_1)
                && existing.region().equals(LocationConstraints.US_EAST_1)
                && fresh.region().equals(LocationConstraints.US_EAST_1)) {
            store.updateCannedAcl(existing.name(), fresh.cannedAcl());
            return existing.withCannedAcl(fresh.cannedAcl());
        }
        throw S3Errors.bucketAlreadyOwnedByYou(fresh.name());
    }

    /** The bucket, if {@code accountId} may see it: NoSuchBucket when absent, AccessDenied when another's. */
    public Bucket get(String accountId, String name) {
        Bucket b = store.find(name).orElseThrow(() -> S3Errors.noSuchBucket(name));
        if (!b.accountId().equals(accountId)) {
            throw S3Errors.accessDenied().header("x-amz-bucket-region", b.region());
        }
        return b;
    }

    /** The bucket whoever owns it; for paths that act for the owner (website endpoint, lifecycle sweep). */
    public java.util.Optional<Bucket> find(String name) {
        return store.find(name);
    }

    public void delete(String accountId, String name) {
        get(accountId, name);
        switch (store.deleteIfEmpty(name)) {
            case DELETED -> { }
            case NOT_EMPTY -> throw S3Errors.bucketNotEmpty(name);
            case NOT_FOUND -> throw S3Errors.noSuchBucket(name);
        }
    }

    /**
     * @param maxBuckets        null when not sent
     * @param continuationToken as returned by a previous page, or null
     */
    public record ListRequest(String accountId, Integer maxBuckets, String continuationToken, String prefix,
                              String bucketRegion) {
        boolean paged() {
            return maxBuckets != null || continuationToken != null || prefix != null || bucketRegion != null;
        }
    }

    /** @param continuationToken null when this is the last page */
    public record ListPage(List<Bucket> buckets, String continuationToken) {}

    public ListPage list(ListRequest r) {
        if (r.maxBuckets() != null && (r.maxBuckets() < 1 || r.maxBuckets() > DEFAULT_PAGE)) {
            throw S3Errors.invalidArgument("Argument max-buckets must be an integer between 1 and 10000",
                    "max-buckets", r.maxBuckets().toString());
        }
        String after = r.continuationToken() == null || r.continuationToken().isEmpty()
                ? null : decodeToken(r.continuationToken());
        int limit = r.paged() ? (r.maxBuckets() == null ? DEFAULT_PAGE : r.maxBuckets()) : Integer.MAX_VALUE;
        List<Bucket> page = new ArrayList<>();
        String next = null;
        for (Bucket b : store.list(r.accountId())) {
            if (after != null && b.name().compareTo(after) <= 0) continue;
            if (r.prefix() != null && !b.name().startsWith(r.prefix())) continue;
            if (r.bucketRegion() != null && !b.region().equals(r.bucketRegion())) continue;
            if (page.size() == limit) {
                next = encodeToken(page.get(page.size() - 1).name());
                break;
            }
            page.add(b);
        }
        return new ListPage(page, next);
    }

    // Opaque to clients, as AWS's is; bucket names are ASCII so this round-trips.
    private static String encodeToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect",
                    "continuation-token", token);
        }
    }
}
