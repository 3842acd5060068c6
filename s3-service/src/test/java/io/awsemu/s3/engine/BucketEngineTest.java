package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketEngineTest {
    static final String ME = "000000000000";
    static final String OTHER = "111111111111";

    final InMemoryBucketStore store = new InMemoryBucketStore();
    final BucketEngine engine = new BucketEngine(store,
            Clock.fixed(Instant.parse("2026-01-02T03:04:05.678901Z"), ZoneOffset.UTC));

    static BucketEngine.CreateRequest create(String account, String name, String endpoint, String constraint) {
        return new BucketEngine.CreateRequest(account, name, endpoint, constraint, null, null, false);
    }

    static AwsException error(String code, int status, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.httpStatus());
        return e;
    }

    @Test
    void createsInUsEast1WithoutConstraint() {
        Bucket b = engine.create(create(ME, "alpha", "us-east-1", null));
        assertEquals("us-east-1", b.region());
        assertNull(b.locationConstraint());
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), b.created(), "millisecond precision");
        assertEquals("private", b.cannedAcl());
        assertEquals("BucketOwnerEnforced", b.objectOwnership());
        assertEquals(b, engine.get(ME, "alpha"));
    }

    @Test
    void createsElsewhereFromTheGlobalEndpoint() {
        assertEquals("eu-west-2", engine.create(create(ME, "bk1", "us-east-1", "eu-west-2")).region());
        Bucket eu = engine.create(create(ME, "bk2", "us-east-1", "EU"));
        assertEquals("eu-west-1", eu.region());
        assertEquals("EU", eu.locationConstraint());
        assertEquals("us-west-2", engine.create(create(ME, "bk3", "us-west-2", "us-west-2")).region());
        assertEquals("eu-west-1", engine.create(create(ME, "bk4", "eu-west-1", "EU")).region());
    }

    @Test
    void emptyConstraintMeansNone() {
        assertEquals("us-east-1", engine.create(create(ME, "bk1", "us-east-1", "")).region());
    }

    @Test
    void locationConstraintErrors() {
        AwsException e = error("InvalidLocationConstraint", 400, () -> engine.create(create(ME, "bk1", "us-east-1", "us-east-1")));
        assertEquals("us-east-1", e.extra().get("LocationConstraint"));
        error("InvalidLocationConstraint", 400, () -> engine.create(create(ME, "bk1", "us-east-1", "mars-north-1")));
        e = error("IllegalLocationConstraintException", 400, () -> engine.create(create(ME, "bk1", "eu-west-1", null)));
        assertEquals("The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
                e.getMessage());
        e = error("IllegalLocationConstraintException", 400, () -> engine.create(create(ME, "bk1", "eu-west-1", "us-west-2")));
        assertTrue(e.getMessage().startsWith("The us-west-2 location constraint is incompatible"), e.getMessage());
        assertTrue(store.list(ME).isEmpty());
    }

    @Test
    void invalidNameNamesTheBucket() {
        AwsException e = error("InvalidBucketName", 400, () -> engine.create(create(ME, "Bad_Name", "us-east-1", null)));
        assertEquals("Bad_Name", e.extra().get("BucketName"));
        assertEquals("The specified bucket is not valid.", e.getMessage());
    }

    @Test
    void recreateInUsEast1ByOwnerSucceedsAndResetsAcl() {
        Bucket first = engine.create(new BucketEngine.CreateRequest(ME, "alpha", "us-east-1", null, "public-read", null, false));
        Bucket again = engine.create(create(ME, "alpha", "us-east-1", null));
        assertEquals(first.created(), again.created(), "the same bucket, not a new one");
        assertEquals("private", store.find("alpha").orElseThrow().cannedAcl());
    }

    @Test
    void recreateElsewhereByOwnerIsAlreadyOwnedByYou() {
        engine.create(create(ME, "alpha", "us-east-1", "eu-west-1"));
        AwsException e = error("BucketAlreadyOwnedByYou", 409, () -> engine.create(create(ME, "alpha", "us-east-1", "eu-west-1")));
        assertEquals("alpha", e.extra().get("BucketName"));
        // a us-east-1 request for a name the caller already owns in another region
        error("BucketAlreadyOwnedByYou", 409, () -> engine.create(create(ME, "alpha", "us-east-1", null)));
        engine.create(create(ME, "beta", "us-east-1", null));
        error("BucketAlreadyOwnedByYou", 409, () -> engine.create(create(ME, "beta", "us-east-1", "eu-west-1")));
        engine.create(create(ME, "gamma", "eu-west-1", "eu-west-1"));
        error("BucketAlreadyOwnedByYou", 409, () -> engine.create(create(ME, "gamma", "eu-west-1", "eu-west-1")));
    }

    @Test
    void namesAreGlobal() {
        engine.create(create(OTHER, "taken", "us-east-1", null));
        AwsException e = error("BucketAlreadyExists", 409, () -> engine.create(create(ME, "taken", "us-east-1", null)));
        assertEquals("taken", e.extra().get("BucketName"));
        assertTrue(engine.list(new BucketEngine.ListRequest(ME, null, null, null, null)).buckets().isEmpty());
    }

    @Test
    void anotherAccountsBucketIsAccessDenied() {
        engine.create(create(OTHER, "theirs", "us-east-1", "eu-west-3"));
        AwsException e = error("AccessDenied", 403, () -> engine.get(ME, "theirs"));
        assertEquals("eu-west-3", e.headers().get("x-amz-bucket-region"));
        error("AccessDenied", 403, () -> engine.delete(ME, "theirs"));
        assertTrue(store.find("theirs").isPresent());
    }

    @Test
    void noSuchBucket() {
        AwsException e = error("NoSuchBucket", 404, () -> engine.get(ME, "nope"));
        assertEquals("nope", e.extra().get("BucketName"));
        assertEquals("The specified bucket does not exist", e.getMessage());
        error("NoSuchBucket", 404, () -> engine.delete(ME, "nope"));
    }

    @Test
    void deleteRefusesNonEmptyBucket() {
        engine.create(create(ME, "full", "us-east-1", null));
        store.objectsIn("full", true);
        AwsException e = error("BucketNotEmpty", 409, () -> engine.delete(ME, "full"));
        assertEquals("full", e.extra().get("BucketName"));
        assertEquals("The bucket you tried to delete is not empty", e.getMessage());
        assertTrue(store.find("full").isPresent());
        store.objectsIn("full", false);
        engine.delete(ME, "full");
        assertFalse(store.find("full").isPresent());
        error("NoSuchBucket", 404, () -> engine.delete(ME, "full"));
    }

    @Test
    void concurrentCreatorsOfOneNameGetOneWinner() throws Exception {
        int n = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String account = String.format("%012d", i + 1);
            results.add(pool.submit(() -> {
                start.await();
                try {
                    engine.create(create(account, "contested", "us-east-1", null));
                    return "created";
                } catch (AwsException e) {
                    return e.code();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new java.util.ArrayList<>();
        for (var f : results) outcomes.add(f.get());
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter("created"::equals).count(), outcomes.toString());
        assertEquals(n - 1, outcomes.stream().filter("BucketAlreadyExists"::equals).count(), outcomes.toString());
    }

    @Test
    void aclAndOwnershipValues() {
        AwsException e = error("InvalidArgument", 400, () -> engine.create(
                new BucketEngine.CreateRequest(ME, "bk1", "us-east-1", null, "world-writable", null, false)));
        assertEquals("x-amz-acl", e.extra().get("ArgumentName"));
        error("InvalidArgument", 400, () -> engine.create(
                new BucketEngine.CreateRequest(ME, "bk1", "us-east-1", null, null, "Anyone", false)));
        Bucket b = engine.create(new BucketEngine.CreateRequest(ME, "bk1", "us-east-1", null, "authenticated-read",
                "ObjectWriter", true));
        assertEquals("authenticated-read", b.cannedAcl());
        assertEquals("ObjectWriter", b.objectOwnership());
        assertTrue(b.objectLockEnabled());
    }

    @Test
    void listsOwnBucketsByNameWithPaging() {
        for (String n : List.of("delta", "alpha", "charlie", "bravo")) engine.create(create(ME, n, "us-east-1", null));
        engine.create(create(ME, "echo", "us-east-1", "eu-west-1"));
        engine.create(create(OTHER, "zulu", "us-east-1", null));

        BucketEngine.ListPage all = engine.list(new BucketEngine.ListRequest(ME, null, null, null, null));
        assertEquals(List.of("alpha", "bravo", "charlie", "delta", "echo"), names(all));
        assertNull(all.continuationToken());

        BucketEngine.ListPage p1 = engine.list(new BucketEngine.ListRequest(ME, 2, null, null, null));
        assertEquals(List.of("alpha", "bravo"), names(p1));
        BucketEngine.ListPage p2 = engine.list(new BucketEngine.ListRequest(ME, 2, p1.continuationToken(), null, null));
        assertEquals(List.of("charlie", "delta"), names(p2));
        BucketEngine.ListPage p3 = engine.list(new BucketEngine.ListRequest(ME, 2, p2.continuationToken(), null, null));
        assertEquals(List.of("echo"), names(p3));
        assertNull(p3.continuationToken());

        assertEquals(List.of("charlie"), names(engine.list(new BucketEngine.ListRequest(ME, null, null, "ch", null))));
        assertEquals(List.of("echo"), names(engine.list(new BucketEngine.ListRequest(ME, null, null, null, "eu-west-1"))));

        error("InvalidArgument", 400, () -> engine.list(new BucketEngine.ListRequest(ME, 0, null, null, null)));
        error("InvalidArgument", 400, () -> engine.list(new BucketEngine.ListRequest(ME, 10_001, null, null, null)));
        error("InvalidArgument", 400, () -> engine.list(new BucketEngine.ListRequest(ME, 1, "!!not base64!!", null, null)));
    }

    private static List<String> names(BucketEngine.ListPage p) {
        return p.buckets().stream().map(Bucket::name).toList();
    }
}
