package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ACLs, ownership controls, bucket policy and public access block, enforced for two accounts and anonymous callers. */
class S3AccessIT {
    static final String OTHER_ACCOUNT = "111111111111";
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder()
            .services("s3")
            .property("auth", "known")
            .property("credentials", "test:test:000000000000,other:othersecret:" + OTHER_ACCOUNT)
            .build();

    static final List<S3Client> clients = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    static S3Client client(AwsCredentialsProvider creds) {
        S3Client c = S3Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        clients.add(c);
        return c;
    }

    static S3Client owner() { return client(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))); }

    static S3Client other() {
        return client(StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "othersecret")));
    }

    static S3Client anonymous() { return client(AnonymousCredentialsProvider.create()); }

    @AfterAll
    static void close() {
        clients.forEach(S3Client::close);
    }

    static S3Exception error(int status, String code, Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(status, e.statusCode(), e.toString());
        if (code != null) assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
        return e;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void put(S3Client s3, String bucket, String key, String text) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
    }

    /** A policy allowing the other account {@code actions} on {@code arn:aws:s3:::<resource>}. */
    static String otherMay(String resource, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + OTHER_ACCOUNT
                + "\"},\"Action\":[\"" + String.join("\",\"", actions) + "\"],\"Resource\":\"arn:aws:s3:::" + resource + "\"}]}";
    }

    static void versionedBucket(S3Client s3, String name) {
        s3.createBucket(b -> b.bucket(name));
        s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    /** A bucket where ACLs count: ObjectWriter ownership, no public access block. */
    static void openBucket(S3Client s3, String name) {
        s3.createBucket(b -> b.bucket(name).objectOwnership(ObjectOwnership.OBJECT_WRITER));
        s3.deletePublicAccessBlock(b -> b.bucket(name));
    }

    static String publicReadPolicy(String bucket) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pub\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";
    }

    @Test
    void newBucketsArePrivateWithAwsDefaults() throws Exception {
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-defaults"));
        put(s3, "acc-defaults", "k", "secret");

        PublicAccessBlockConfiguration pab = s3.getPublicAccessBlock(b -> b.bucket("acc-defaults")).publicAccessBlockConfiguration();
        assertTrue(pab.blockPublicAcls() && pab.ignorePublicAcls() && pab.blockPublicPolicy() && pab.restrictPublicBuckets());
        assertEquals(ObjectOwnership.BUCKET_OWNER_ENFORCED, s3.getBucketOwnershipControls(b -> b.bucket("acc-defaults"))
                .ownershipControls().rules().get(0).objectOwnership());
        GetBucketAclResponse acl = s3.getBucketAcl(b -> b.bucket("acc-defaults"));
        assertEquals(1, acl.grants().size(), acl.toString());
        assertEquals(Permission.FULL_CONTROL, acl.grants().get(0).permission());
        assertEquals(acl.owner().id(), acl.grants().get(0).grantee().id());
        assertEquals(Type.CANONICAL_USER, acl.grants().get(0).grantee().type());
        error(404, "NoSuchBucketPolicy", () -> s3.getBucketPolicy(b -> b.bucket("acc-defaults")));
        error(404, "NoSuchBucketPolicy", () -> s3.getBucketPolicyStatus(b -> b.bucket("acc-defaults")));

        // anonymous: a private bucket answers 403 to a list and a read; a missing bucket is still 404
        HttpResponse<String> list = get("/acc-defaults");
        assertEquals(403, list.statusCode(), list.body());
        assertTrue(list.body().contains("<Code>AccessDenied</Code>"), list.body());
        assertEquals(403, get("/acc-defaults/k").statusCode());
        assertEquals(403, get("/acc-defaults/missing").statusCode(), "no ListBucket: absence is not revealed");
        assertEquals(404, get("/acc-no-such-bucket").statusCode());
        S3Client anon = anonymous();
        error(403, "AccessDenied", () -> anon.listObjectsV2(b -> b.bucket("acc-defaults")));
        error(403, "AccessDenied", () -> anon.listBuckets());
        error(403, "AccessDenied", () -> anon.putObject(b -> b.bucket("acc-defaults").key("x"), RequestBody.fromString("x")));
        // another account: nothing without a grant or a policy
        S3Client other = other();
        error(403, "AccessDenied", () -> other.getObjectAsBytes(b -> b.bucket("acc-defaults").key("k")));
        error(403, "AccessDenied", () -> other.listObjects(b -> b.bucket("acc-defaults")));
        error(403, "AccessDenied", () -> other.getBucketAcl(b -> b.bucket("acc-defaults")));
        error(403, "AccessDenied", () -> other.deleteObject(b -> b.bucket("acc-defaults").key("k")));
        S3Exception head = error(403, null, () -> other.headBucket(b -> b.bucket("acc-defaults")));
        assertEquals("us-east-1", head.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null));
        assertEquals("secret", s3.getObjectAsBytes(b -> b.bucket("acc-defaults").key("k")).asUtf8String());
    }

    @Test
    void aclsAreRefusedWhileBucketOwnerEnforced() {
        S3Client s3 = owner();
        error(400, "InvalidBucketAclWithObjectOwnership",
                () -> s3.createBucket(b -> b.bucket("acc-enforced-pub").acl("public-read")));
        error(400, "InvalidBucketAclWithBlockPublicAccessError",
                () -> s3.createBucket(b -> b.bucket("acc-enforced-pub").acl("public-read")
                        .objectOwnership(ObjectOwnership.OBJECT_WRITER)));
        s3.createBucket(b -> b.bucket("acc-enforced"));
        error(400, "AccessControlListNotSupported", () -> s3.putObject(b -> b.bucket("acc-enforced").key("k")
                .acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("x")));
        error(400, "AccessControlListNotSupported", () -> s3.putBucketAcl(b -> b.bucket("acc-enforced").acl("public-read")));
        // bucket-owner-full-control is what an enforced bucket accepts
        s3.putObject(b -> b.bucket("acc-enforced").key("k").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL),
                RequestBody.fromString("x"));
        s3.putBucketAcl(b -> b.bucket("acc-enforced").acl("private"));
        GetObjectAclResponse acl = s3.getObjectAcl(b -> b.bucket("acc-enforced").key("k"));
        assertEquals(Permission.FULL_CONTROL, acl.grants().get(0).permission());
        error(400, "InvalidArgument", () -> s3.putObject(b -> b.bucket("acc-enforced").key("k").acl("not-a-canned-acl"),
                RequestBody.fromString("x")));
        error(404, "NoSuchKey", () -> s3.getObjectAcl(b -> b.bucket("acc-enforced").key("absent")));
    }

    @Test
    void aRefusalBeforeTheBodyReachesTheClientEveryTime() {
        // the SDK sends Expect: 100-continue; a server that said Continue and then answered and closed
        // raced the client's body and lost about one answer in three to a reset connection
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-refusal-race"));
        for (int i = 0; i < 200; i++) {
            error(400, "AccessControlListNotSupported", () -> s3.putObject(b -> b.bucket("acc-refusal-race").key("k")
                    .acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("x")));
        }
        put(s3, "acc-refusal-race", "k", "after");
        assertEquals("after", s3.getObjectAsBytes(b -> b.bucket("acc-refusal-race").key("k")).asUtf8String());
    }

    @Test
    void ownershipControls() {
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-ownership"));
        s3.deleteBucketOwnershipControls(b -> b.bucket("acc-ownership"));
        error(404, "OwnershipControlsNotFoundError", () -> s3.getBucketOwnershipControls(b -> b.bucket("acc-ownership")));
        s3.putBucketOwnershipControls(b -> b.bucket("acc-ownership").ownershipControls(o -> o.rules(r -> r
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED))));
        assertEquals(ObjectOwnership.BUCKET_OWNER_PREFERRED, s3.getBucketOwnershipControls(b -> b.bucket("acc-ownership"))
                .ownershipControls().rules().get(0).objectOwnership());
        error(400, "MalformedXML", () -> s3.putBucketOwnershipControls(b -> b.bucket("acc-ownership")
                .ownershipControls(o -> o.rules(r -> r.objectOwnership("Whoever")))));
        error(404, "NoSuchBucket", () -> s3.getBucketOwnershipControls(b -> b.bucket("acc-no-such-bucket")));
    }

    @Test
    void publicAccessBlockGuardsPolicies() throws Exception {
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-policy"));
        put(s3, "acc-policy", "pub/a.txt", "hello");
        put(s3, "acc-policy", "private/b.txt", "hidden");
        error(403, "AccessDenied", () -> s3.putBucketPolicy(b -> b.bucket("acc-policy").policy(publicReadPolicy("acc-policy"))));

        s3.deletePublicAccessBlock(b -> b.bucket("acc-policy"));
        error(404, "NoSuchPublicAccessBlockConfiguration", () -> s3.getPublicAccessBlock(b -> b.bucket("acc-policy")));
        s3.putBucketPolicy(b -> b.bucket("acc-policy").policy(publicReadPolicy("acc-policy")));
        assertEquals(publicReadPolicy("acc-policy"), s3.getBucketPolicy(b -> b.bucket("acc-policy")).policy());
        assertTrue(s3.getBucketPolicyStatus(b -> b.bucket("acc-policy")).policyStatus().isPublic());

        HttpResponse<String> r = get("/acc-policy/pub/a.txt");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello", r.body());
        assertEquals("hello", anonymous().getObjectAsBytes(b -> b.bucket("acc-policy").key("pub/a.txt")).asUtf8String());
        assertEquals(403, get("/acc-policy").statusCode(), "GetObject only: listing stays private");
        assertEquals(403, get("/acc-policy/pub/nothing-here").statusCode(), "without ListBucket a missing key is 403");

        // explicit Deny wins over the Allow
        String withDeny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::acc-policy\",\"arn:aws:s3:::acc-policy/*\"]},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::acc-policy/private/*\"}]}";
        s3.putBucketPolicy(b -> b.bucket("acc-policy").policy(withDeny));
        assertEquals(200, get("/acc-policy/pub/a.txt").statusCode());
        assertEquals(403, get("/acc-policy/private/b.txt").statusCode());
        assertEquals(200, get("/acc-policy?list-type=2").statusCode());
        assertEquals(404, get("/acc-policy/pub/nothing-here").statusCode(), "with ListBucket a missing key is 404");
        error(403, "AccessDenied", () -> s3.getObjectAsBytes(b -> b.bucket("acc-policy").key("private/b.txt")));
        assertEquals(200, get("/acc-policy/pub/a.txt").statusCode());

        // RestrictPublicBuckets: a public policy no longer lets outsiders in
        s3.putPublicAccessBlock(b -> b.bucket("acc-policy").publicAccessBlockConfiguration(c -> c.restrictPublicBuckets(true)));
        assertEquals(403, get("/acc-policy/pub/a.txt").statusCode());
        PublicAccessBlockConfiguration pab = s3.getPublicAccessBlock(b -> b.bucket("acc-policy")).publicAccessBlockConfiguration();
        assertTrue(pab.restrictPublicBuckets());
        assertFalse(pab.blockPublicAcls());

        s3.deleteBucketPolicy(b -> b.bucket("acc-policy"));
        error(404, "NoSuchBucketPolicy", () -> s3.getBucketPolicy(b -> b.bucket("acc-policy")));
        assertEquals(403, get("/acc-policy/pub/a.txt").statusCode());
    }

    @Test
    void policyConditionsSeeTheRequest() throws Exception {
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-cond"));
        s3.deletePublicAccessBlock(b -> b.bucket("acc-cond"));
        put(s3, "acc-cond", "pub/a", "a");
        s3.putBucketPolicy(b -> b.bucket("acc-cond").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::acc-cond\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":\"pub/*\"}}},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::acc-cond\","
                + "\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}}]}"));
        HttpResponse<String> list = get("/acc-cond?list-type=2&prefix=pub/");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("<Key>pub/a</Key>"), list.body());
        assertEquals(403, get("/acc-cond?list-type=2").statusCode());
        assertEquals(403, get("/acc-cond?list-type=2&prefix=private/").statusCode());
        assertEquals(1, s3.listObjectsV2(b -> b.bucket("acc-cond")).keyCount(), "the owner, from loopback");
    }

    @Test
    void malformedPolicies() {
        S3Client s3 = owner();
        s3.createBucket(b -> b.bucket("acc-bad-policy"));
        S3Exception e = error(400, "MalformedPolicy", () -> s3.putBucketPolicy(b -> b.bucket("acc-bad-policy").policy("nope")));
        assertEquals("Policies must be valid JSON and the first byte must be '{'", e.awsErrorDetails().errorMessage());
        e = error(400, "MalformedPolicy", () -> s3.putBucketPolicy(b -> b.bucket("acc-bad-policy")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::someone-else/*\"}]}")));
        assertEquals("Policy has invalid resource", e.awsErrorDetails().errorMessage());
    }

    @Test
    void policyGrantsAnotherAccount() {
        S3Client s3 = owner();
        S3Client other = other();
        s3.createBucket(b -> b.bucket("acc-shared"));
        error(403, "AccessDenied", () -> put(other, "acc-shared", "drop/x", "from other"));
        s3.putBucketPolicy(b -> b.bucket("acc-shared").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + OTHER_ACCOUNT + ":root\"},\"Action\":[\"s3:PutObject\",\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::acc-shared\",\"arn:aws:s3:::acc-shared/drop/*\"]}]}"));
        assertFalse(s3.getBucketPolicyStatus(b -> b.bucket("acc-shared")).policyStatus().isPublic());
        put(other, "acc-shared", "drop/x", "from other");
        error(403, "AccessDenied", () -> put(other, "acc-shared", "elsewhere", "no"));
        assertEquals(1, other.listObjectsV2(b -> b.bucket("acc-shared")).keyCount());
        assertEquals(1, other.listObjectsV2(b -> b.bucket("acc-shared").expectedBucketOwner("000000000000")).keyCount());
        error(403, "AccessDenied", () -> other.listObjectsV2(b -> b.bucket("acc-shared").expectedBucketOwner(OTHER_ACCOUNT)));
        error(403, "AccessDenied", () -> other.getObjectAsBytes(b -> b.bucket("acc-shared").key("drop/x")));
        // BucketOwnerEnforced: the bucket owner owns what the other account wrote
        assertEquals("from other", s3.getObjectAsBytes(b -> b.bucket("acc-shared").key("drop/x")).asUtf8String());
        GetObjectAclResponse acl = s3.getObjectAcl(b -> b.bucket("acc-shared").key("drop/x"));
        assertEquals(s3.getBucketAcl(b -> b.bucket("acc-shared")).owner().id(), acl.owner().id());
        error(403, "AccessDenied", () -> anonymous().listObjectsV2(b -> b.bucket("acc-shared")));
    }

    @Test
    void aVersionNeedsTheVersionActions() {
        S3Client s3 = owner();
        S3Client other = other();
        versionedBucket(s3, "acc-vact");
        String v1 = s3.putObject(b -> b.bucket("acc-vact").key("k"), RequestBody.fromString("one")).versionId();
        s3.putObject(b -> b.bucket("acc-vact").key("k"), RequestBody.fromString("two"));
        s3.putBucketPolicy(b -> b.bucket("acc-vact").policy(otherMay("acc-vact/*",
                "s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObject")));
        assertEquals("two", other.getObjectAsBytes(b -> b.bucket("acc-vact").key("k")).asUtf8String());
        error(403, "AccessDenied", () -> other.getObjectAsBytes(b -> b.bucket("acc-vact").key("k").versionId(v1)));
        error(403, null, () -> other.headObject(b -> b.bucket("acc-vact").key("k").versionId(v1)));
        error(403, "AccessDenied", () -> other.getObjectTagging(b -> b.bucket("acc-vact").key("k").versionId(v1)));
        error(403, "AccessDenied", () -> other.copyObject(b -> b.sourceBucket("acc-vact").sourceKey("k").sourceVersionId(v1)
                .destinationBucket("acc-vact").destinationKey("copy")));
        error(403, "AccessDenied", () -> other.deleteObject(b -> b.bucket("acc-vact").key("k").versionId(v1)));

        s3.putBucketPolicy(b -> b.bucket("acc-vact").policy(otherMay("acc-vact/*",
                "s3:GetObjectVersion", "s3:DeleteObjectVersion", "s3:GetObjectVersionTagging", "s3:PutObject")));
        assertEquals("one", other.getObjectAsBytes(b -> b.bucket("acc-vact").key("k").versionId(v1)).asUtf8String());
        assertEquals(3L, other.headObject(b -> b.bucket("acc-vact").key("k").versionId(v1)).contentLength());
        assertTrue(other.getObjectTagging(b -> b.bucket("acc-vact").key("k").versionId(v1)).tagSet().isEmpty());
        other.copyObject(b -> b.sourceBucket("acc-vact").sourceKey("k").sourceVersionId(v1)
                .destinationBucket("acc-vact").destinationKey("copy"));
        assertEquals("one", s3.getObjectAsBytes(b -> b.bucket("acc-vact").key("copy")).asUtf8String());
        // the unversioned forms need the plain actions, which this policy no longer names
        error(403, "AccessDenied", () -> other.getObjectAsBytes(b -> b.bucket("acc-vact").key("k")));
        other.deleteObject(b -> b.bucket("acc-vact").key("k").versionId(v1));
        assertEquals(1, s3.listObjectVersions(b -> b.bucket("acc-vact").prefix("k")).versions().size());
    }

    @Test
    void deleteObjectsIsAuthorizedKeyByKey() {
        S3Client s3 = owner();
        S3Client other = other();
        versionedBucket(s3, "acc-multidel");
        String v1 = s3.putObject(b -> b.bucket("acc-multidel").key("logs/a"), RequestBody.fromString("a")).versionId();
        put(s3, "acc-multidel", "data/b", "b");
        s3.putBucketPolicy(b -> b.bucket("acc-multidel").policy(otherMay("acc-multidel/logs/*", "s3:DeleteObject")));
        DeleteObjectsResponse r = other.deleteObjects(b -> b.bucket("acc-multidel").delete(d -> d.objects(
                o -> o.key("logs/a"), o -> o.key("data/b"), o -> o.key("logs/a").versionId(v1))));
        assertEquals(List.of("logs/a"), r.deleted().stream().map(DeletedObject::key).toList());
        assertTrue(r.deleted().get(0).deleteMarker());
        assertEquals(List.of("data/b", "logs/a"), r.errors().stream().map(S3Error::key).toList());
        assertEquals(List.of("AccessDenied", "AccessDenied"), r.errors().stream().map(S3Error::code).toList());
        assertEquals(v1, r.errors().get(1).versionId());
        // nothing but the delete marker changed
        assertEquals("b", s3.getObjectAsBytes(b -> b.bucket("acc-multidel").key("data/b")).asUtf8String());
        assertEquals("a", s3.getObjectAsBytes(b -> b.bucket("acc-multidel").key("logs/a").versionId(v1)).asUtf8String());
        // a caller with no grant at all gets an answer with one AccessDenied per key, not a refused request
        DeleteObjectsResponse anon = anonymous().deleteObjects(b -> b.bucket("acc-multidel").delete(d -> d.objects(o -> o.key("data/b"))));
        assertEquals(List.of("AccessDenied"), anon.errors().stream().map(S3Error::code).toList());
    }

    @Test
    void objectAclsWhereAclsCount() throws Exception {
        S3Client s3 = owner();
        openBucket(s3, "acc-acl");
        s3.putObject(b -> b.bucket("acc-acl").key("pub").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("open"));
        put(s3, "acc-acl", "priv", "closed");
        assertEquals(200, get("/acc-acl/pub").statusCode());
        assertEquals(403, get("/acc-acl/priv").statusCode());
        GetObjectAclResponse acl = s3.getObjectAcl(b -> b.bucket("acc-acl").key("pub"));
        assertTrue(acl.grants().stream().anyMatch(g -> g.grantee().type() == Type.GROUP
                && ALL_USERS.equals(g.grantee().uri()) && g.permission() == Permission.READ), acl.toString());

        // an overwrite without an ACL is private again
        put(s3, "acc-acl", "pub", "open2");
        assertEquals(403, get("/acc-acl/pub").statusCode());
        s3.putObjectAcl(b -> b.bucket("acc-acl").key("pub").acl(ObjectCannedACL.PUBLIC_READ));
        assertEquals("open2", get("/acc-acl/pub").body());

        // IgnorePublicAcls makes public grants count for nothing; BlockPublicAcls refuses new ones
        s3.putPublicAccessBlock(b -> b.bucket("acc-acl").publicAccessBlockConfiguration(c -> c.ignorePublicAcls(true)));
        assertEquals(403, get("/acc-acl/pub").statusCode());
        s3.putPublicAccessBlock(b -> b.bucket("acc-acl").publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        assertEquals(200, get("/acc-acl/pub").statusCode());
        error(403, "AccessDenied", () -> s3.putObjectAcl(b -> b.bucket("acc-acl").key("priv").acl(ObjectCannedACL.PUBLIC_READ)));
        error(403, "AccessDenied", () -> s3.putObject(b -> b.bucket("acc-acl").key("p2").acl(ObjectCannedACL.PUBLIC_READ_WRITE),
                RequestBody.fromString("x")));
        s3.deletePublicAccessBlock(b -> b.bucket("acc-acl"));

        // grant headers: the other account's canonical id
        S3Client other = other();
        String otherId = other.listBuckets().owner().id();
        s3.putObject(b -> b.bucket("acc-acl").key("shared").grantRead("id=\"" + otherId + "\""), RequestBody.fromString("for you"));
        assertEquals("for you", other.getObjectAsBytes(b -> b.bucket("acc-acl").key("shared")).asUtf8String());
        error(403, "AccessDenied", () -> other.getObjectAsBytes(b -> b.bucket("acc-acl").key("priv")));
        error(403, "AccessDenied", () -> other.getObjectAcl(b -> b.bucket("acc-acl").key("shared")));
        error(400, "UnresolvableGrantByEmailAddress", () -> s3.putObject(b -> b.bucket("acc-acl").key("e")
                .grantRead("emailAddress=\"someone@example.com\""), RequestBody.fromString("x")));
        error(400, "InvalidArgument", () -> s3.putObjectAcl(b -> b.bucket("acc-acl").key("priv").grantRead("id=\"abc\"")));
        error(400, "InvalidRequest", () -> s3.putObjectAcl(b -> b.bucket("acc-acl").key("priv")
                .acl(ObjectCannedACL.PRIVATE).grantRead("uri=\"" + ALL_USERS + "\"")));

        // ObjectWriter: what the other account writes (with a bucket WRITE grant) is its own
        String ownerId = s3.getBucketAcl(b -> b.bucket("acc-acl")).owner().id();
        s3.putBucketAcl(b -> b.bucket("acc-acl").accessControlPolicy(AccessControlPolicy.builder()
                .owner(Owner.builder().id(ownerId).build())
                .grants(Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(ownerId).build())
                                .permission(Permission.FULL_CONTROL).build(),
                        Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(otherId).build())
                                .permission(Permission.WRITE).build(),
                        Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(otherId).build())
                                .permission(Permission.READ).build())
                .build()));
        GetBucketAclResponse bucketAcl = s3.getBucketAcl(b -> b.bucket("acc-acl"));
        assertEquals(3, bucketAcl.grants().size(), bucketAcl.toString());
        put(other, "acc-acl", "by-other", "mine");
        assertNotNull(other.listObjectsV2(b -> b.bucket("acc-acl")).contents());
        assertEquals(otherId, other.getObjectAcl(b -> b.bucket("acc-acl").key("by-other")).owner().id());
        error(403, "AccessDenied", () -> s3.getObjectAsBytes(b -> b.bucket("acc-acl").key("by-other")));

        error(400, "MalformedACLError", () -> s3.putBucketAcl(b -> b.bucket("acc-acl").accessControlPolicy(
                AccessControlPolicy.builder().grants(Grant.builder().grantee(Grantee.builder().type(Type.GROUP)
                        .uri(ALL_USERS).build()).permission(Permission.READ).build()).build())));
    }

    static String versionHeader(software.amazon.awssdk.core.SdkResponse r) {
        return r.sdkHttpResponse().firstMatchingHeader("x-amz-version-id").orElse(null);
    }

    static boolean publicRead(GetObjectAclResponse acl) {
        return acl.grants().stream().anyMatch(g -> g.grantee().type() == Type.GROUP
                && ALL_USERS.equals(g.grantee().uri()) && g.permission() == Permission.READ);
    }

    @Test
    void eachVersionHasItsOwnAcl() throws Exception {
        S3Client s3 = owner();
        openBucket(s3, "acc-ver");
        s3.putBucketVersioning(b -> b.bucket("acc-ver").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("acc-ver").key("k").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket("acc-ver").key("k"), RequestBody.fromString("two")).versionId();

        // the new current version is private; the first keeps its public-read grant
        GetObjectAclResponse current = s3.getObjectAcl(b -> b.bucket("acc-ver").key("k"));
        assertFalse(publicRead(current), current.toString());
        assertEquals(v2, versionHeader(current));
        GetObjectAclResponse first = s3.getObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(v1));
        assertTrue(publicRead(first), first.toString());
        assertEquals(v1, versionHeader(first));
        assertEquals("one", get("/acc-ver/k?versionId=" + v1).body());
        assertEquals(403, get("/acc-ver/k").statusCode());

        // PutObjectAcl of one version leaves the others alone
        assertEquals(v1, versionHeader(s3.putObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(v1)
                .acl(ObjectCannedACL.PRIVATE))));
        assertEquals(403, get("/acc-ver/k?versionId=" + v1).statusCode());
        assertEquals(v2, versionHeader(s3.putObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(v2)
                .acl(ObjectCannedACL.PUBLIC_READ))));
        assertEquals("two", get("/acc-ver/k").body());
        assertFalse(publicRead(s3.getObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(v1))));
        s3.putObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(v1).acl(ObjectCannedACL.AUTHENTICATED_READ));

        // deleting the current version makes the first current again, with its own ACL
        s3.deleteObject(b -> b.bucket("acc-ver").key("k").versionId(v2));
        GetObjectAclResponse back = s3.getObjectAcl(b -> b.bucket("acc-ver").key("k"));
        assertEquals(v1, versionHeader(back));
        assertTrue(back.grants().stream().anyMatch(g -> g.grantee().type() == Type.GROUP
                && g.grantee().uri().endsWith("/AuthenticatedUsers")), back.toString());

        // GetObject's errors: an unknown version, a malformed id, a delete marker
        String other = s3.putObject(b -> b.bucket("acc-ver").key("other"), RequestBody.fromString("x")).versionId();
        error(404, "NoSuchVersion", () -> s3.getObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(other)));
        error(404, "NoSuchVersion", () -> s3.putObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(other)
                .acl(ObjectCannedACL.PRIVATE)));
        error(400, "InvalidArgument", () -> s3.getObjectAcl(b -> b.bucket("acc-ver").key("k").versionId("not-a-version")));
        String marker = s3.deleteObject(b -> b.bucket("acc-ver").key("k")).versionId();
        S3Exception onMarker = error(405, "MethodNotAllowed", () -> s3.getObjectAcl(b -> b.bucket("acc-ver").key("k")
                .versionId(marker)));
        assertEquals("true", onMarker.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker").orElse(null));
        error(405, "MethodNotAllowed", () -> s3.putObjectAcl(b -> b.bucket("acc-ver").key("k").versionId(marker)
                .acl(ObjectCannedACL.PRIVATE)));
        error(404, "NoSuchKey", () -> s3.getObjectAcl(b -> b.bucket("acc-ver").key("k")));

        // a version's ACL needs s3:GetObjectVersionAcl, the current object's s3:GetObjectAcl
        S3Client otherAccount = other();
        s3.putBucketPolicy(b -> b.bucket("acc-ver").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"" + OTHER_ACCOUNT + "\"},\"Action\":[\"s3:GetObjectAcl\","
                + "\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::acc-ver\",\"arn:aws:s3:::acc-ver/*\"]}]}"));
        assertEquals(other, versionHeader(otherAccount.getObjectAcl(b -> b.bucket("acc-ver").key("other"))));
        error(403, "AccessDenied", () -> otherAccount.getObjectAcl(b -> b.bucket("acc-ver").key("other").versionId(other)));
        s3.putBucketPolicy(b -> b.bucket("acc-ver").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"" + OTHER_ACCOUNT + "\"},\"Action\":\"s3:GetObjectVersionAcl\","
                + "\"Resource\":\"arn:aws:s3:::acc-ver/*\"}]}"));
        assertEquals(other, versionHeader(otherAccount.getObjectAcl(b -> b.bucket("acc-ver").key("other").versionId(other))));
        error(403, "AccessDenied", () -> otherAccount.getObjectAcl(b -> b.bucket("acc-ver").key("other")));
    }

    /** Completes a one-part upload of {@code text} created by {@code create} (ACL and tagging headers). */
    static void multipart(S3Client s3, String bucket, String key, String text,
                          java.util.function.Consumer<software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest.Builder> create) {
        String id = s3.createMultipartUpload(b -> create.accept(b.bucket(bucket).key(key))).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromString(text)).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
    }

    @Test
    void multipartObjectsGetTheAclOwnerAndTagsTheirUploadWasCreatedWith() throws Exception {
        S3Client s3 = owner();
        openBucket(s3, "acc-mpu");
        multipart(s3, "acc-mpu", "pub", "open", b -> b.acl(ObjectCannedACL.PUBLIC_READ).tagging("team=red&tier=1"));
        multipart(s3, "acc-mpu", "priv", "closed", b -> { });
        assertEquals("open", get("/acc-mpu/pub").body());
        assertEquals(403, get("/acc-mpu/priv").statusCode());
        GetObjectAclResponse acl = s3.getObjectAcl(b -> b.bucket("acc-mpu").key("pub"));
        assertTrue(acl.grants().stream().anyMatch(g -> g.grantee().type() == Type.GROUP
                && ALL_USERS.equals(g.grantee().uri()) && g.permission() == Permission.READ), acl.toString());
        assertEquals(java.util.Map.of("team", "red", "tier", "1"), s3.getObjectTagging(b -> b.bucket("acc-mpu").key("pub"))
                .tagSet().stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(2, s3.headObject(b -> b.bucket("acc-mpu").key("pub")).tagCount());
        assertTrue(s3.getObjectTagging(b -> b.bucket("acc-mpu").key("priv")).tagSet().isEmpty());

        // refused when the upload starts, not at completion: nothing is created
        error(400, "InvalidTag", () -> s3.createMultipartUpload(b -> b.bucket("acc-mpu").key("bad").tagging("aws:x=1")));
        error(400, "InvalidRequest", () -> s3.createMultipartUpload(b -> b.bucket("acc-mpu").key("bad")
                .acl(ObjectCannedACL.PRIVATE).grantRead("uri=\"" + ALL_USERS + "\"")));
        s3.putPublicAccessBlock(b -> b.bucket("acc-mpu").publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        error(403, "AccessDenied", () -> s3.createMultipartUpload(b -> b.bucket("acc-mpu").key("bad").acl(ObjectCannedACL.PUBLIC_READ)));
        s3.deletePublicAccessBlock(b -> b.bucket("acc-mpu"));
        assertTrue(s3.listMultipartUploads(b -> b.bucket("acc-mpu")).uploads().isEmpty());

        // ObjectWriter: the account that starts the upload owns the object, whoever completes it
        S3Client other = other();
        String otherId = other.listBuckets().owner().id();
        String ownerId = s3.getBucketAcl(b -> b.bucket("acc-mpu")).owner().id();
        s3.putBucketAcl(b -> b.bucket("acc-mpu").accessControlPolicy(AccessControlPolicy.builder()
                .owner(Owner.builder().id(ownerId).build())
                .grants(Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(ownerId).build())
                                .permission(Permission.FULL_CONTROL).build(),
                        Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(otherId).build())
                                .permission(Permission.WRITE).build())
                .build()));
        multipart(other, "acc-mpu", "by-other", "mine", b -> { });
        assertEquals(otherId, other.getObjectAcl(b -> b.bucket("acc-mpu").key("by-other")).owner().id());
        error(403, "AccessDenied", () -> s3.getObjectAsBytes(b -> b.bucket("acc-mpu").key("by-other")));
        multipart(other, "acc-mpu", "given", "yours", b -> b.acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL));
        assertEquals("yours", s3.getObjectAsBytes(b -> b.bucket("acc-mpu").key("given")).asUtf8String());
    }

    @Test
    void publicReadWriteBucketAclAllowsAnonymousListAndWrite() throws Exception {
        S3Client s3 = owner();
        openBucket(s3, "acc-open");
        s3.putBucketAcl(b -> b.bucket("acc-open").acl("public-read-write"));
        HttpResponse<String> list = get("/acc-open");
        assertEquals(200, list.statusCode(), list.body());
        S3Client anon = anonymous();
        anon.putObject(b -> b.bucket("acc-open").key("anon.txt"), RequestBody.fromString("from nobody"));
        assertEquals("from nobody", s3.getObjectAsBytes(b -> b.bucket("acc-open").key("anon.txt")).asUtf8String());
        assertEquals(1, anon.listObjectsV2(b -> b.bucket("acc-open")).keyCount());
        error(403, "AccessDenied", () -> anon.getBucketPolicy(b -> b.bucket("acc-open")));
    }
}
