package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.s3.store.AccessStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access decision: ACLs, ownership, policy and public access block together, on an in-memory store. */
class AccessEngineTest {
    static final String OWNER = "000000000000";
    static final String OTHER = "111111111111";

    /** Buckets as CreateBucket leaves them (BucketOwnerEnforced, every block on); objects by "bucket/key". */
    static final class MemoryStore implements AccessStore {
        final Map<String, BucketAccess> buckets = new HashMap<>();
        final Map<String, ObjectAccess> objects = new HashMap<>();

        void create(String name) {
            buckets.put(name, new BucketAccess(name, OWNER, "private", null, "BucketOwnerEnforced", null,
                    PublicAccessBlock.ALL_ON, "us-east-1"));
        }

        void addObject(String bucket, String key) { objects.put(bucket + "/" + key, new ObjectAccess(null, null)); }

        private void change(String name, java.util.function.UnaryOperator<BucketAccess> f) { buckets.computeIfPresent(name, (k, b) -> f.apply(b)); }

        @Override public Optional<BucketAccess> bucket(String name) { return Optional.ofNullable(buckets.get(name)); }
        @Override public void setBucketAcl(String n, String canned, String grants) {
            change(n, b -> new BucketAccess(n, b.ownerAccount(), canned, grants, b.ownership(), b.policy(), b.pab(), b.region()));
        }
        @Override public void setOwnership(String n, String o) {
            change(n, b -> new BucketAccess(n, b.ownerAccount(), b.cannedAcl(), b.aclGrants(), o, b.policy(), b.pab(), b.region()));
        }
        @Override public void setPolicy(String n, String p) {
            change(n, b -> new BucketAccess(n, b.ownerAccount(), b.cannedAcl(), b.aclGrants(), b.ownership(), p, b.pab(), b.region()));
        }
        @Override public void setPublicAccessBlock(String n, PublicAccessBlock pab) {
            change(n, b -> new BucketAccess(n, b.ownerAccount(), b.cannedAcl(), b.aclGrants(), b.ownership(), b.policy(), pab, b.region()));
        }
        /** Unversioned objects are current and "null"; another version is {@code bucket/key?id}. */
        static String id(String bucket, String key, String versionId) {
            return bucket + "/" + key + (versionId == null || versionId.equals("null") ? "" : "?" + versionId);
        }

        @Override public Optional<ObjectAccess> object(String bucket, String key, String versionId) {
            return Optional.ofNullable(objects.get(id(bucket, key, versionId)));
        }
        @Override public boolean setObjectAcl(String bucket, String key, String versionId, String owner, String grants,
                                              StoredObject shown, Journal journal) {
            if (!objects.containsKey(id(bucket, key, versionId))) return false;
            objects.put(id(bucket, key, versionId), new ObjectAccess(owner, grants));
            return true;
        }
    }

    MemoryStore store;
    AccessEngine engine;

    @BeforeEach
    void setUp() {
        store = new MemoryStore();
        engine = new AccessEngine(store);
        store.create("b");
        store.addObject("b", "k");
    }

    boolean may(String caller, String key, String action, String perm, boolean objectAcl) {
        return engine.allowed(caller, store.bucket("b").orElseThrow(), key, action, perm, objectAcl);
    }

    boolean mayList(String caller) { return may(caller, null, "s3:ListBucket", "READ", false); }

    boolean mayRead(String caller) { return may(caller, "k", "s3:GetObject", "READ", true); }

    void aclsOn() {
        engine.putOwnership("b", "ObjectWriter");
        engine.deletePublicAccessBlock("b");
    }

    @Test
    void ownerMayEverythingOthersNothing() {
        assertTrue(mayList(OWNER));
        assertTrue(mayRead(OWNER));
        assertTrue(may(OWNER, null, "s3:PutBucketPolicy", null, false));
        assertFalse(mayList(OTHER));
        assertFalse(mayRead(OTHER));
        assertFalse(mayList(null));
        assertFalse(engine.anonymousCanRead("b", "k"));
        assertFalse(engine.anonymousCanRead("no-such-bucket", "k"));
    }

    @Test
    void publicAclsCountOnlyWithAclsEnabledAndNotIgnored() {
        assertThrows(AwsException.class, () -> engine.putBucketAcl("b", new AccessEngine.AclSpec("public-read", null)));
        aclsOn();
        engine.putBucketAcl("b", new AccessEngine.AclSpec("public-read", null));
        assertTrue(mayList(null));
        assertTrue(mayList(OTHER));
        assertFalse(mayRead(null), "a bucket READ grant does not reach objects");
        engine.putObjectAcl("b", "k", "null", new AccessEngine.AclSpec("authenticated-read", null));
        assertTrue(mayRead(OTHER));
        assertFalse(mayRead(null), "authenticated-read is not anonymous");
        engine.putPublicAccessBlock("b", new PublicAccessBlock(false, true, false, false));
        assertFalse(mayList(null));
        assertFalse(mayRead(OTHER));
        // BucketOwnerEnforced again: ACLs refused while the bucket ACL is public
        AwsException e = assertThrows(AwsException.class, () -> engine.putOwnership("b", "BucketOwnerEnforced"));
        assertEquals("InvalidBucketAclWithObjectOwnership", e.code());
    }

    @Test
    void explicitDenyBindsTheOwnerButNotOnThePolicyItself() {
        engine.putPolicy("b", "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]}]}");
        assertFalse(mayRead(OWNER));
        assertFalse(mayList(OWNER));
        assertTrue(may(OWNER, null, "s3:DeleteBucketPolicy", null, false));
        assertTrue(may(OWNER, null, "s3:PutBucketPolicy", null, false));
    }

    @Test
    void publicPoliciesAreBlockedAndRestricted() {
        String pub = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::b/*\"}]}";
        AwsException e = assertThrows(AwsException.class, () -> engine.putPolicy("b", pub));
        assertEquals("AccessDenied", e.code());
        engine.putPublicAccessBlock("b", new PublicAccessBlock(true, true, false, true));
        engine.putPolicy("b", pub);
        assertTrue(engine.policyIsPublic("b"));
        assertFalse(mayRead(null), "RestrictPublicBuckets");
        engine.putPublicAccessBlock("b", new PublicAccessBlock(true, true, false, false));
        assertTrue(mayRead(null));
        assertTrue(engine.anonymousCanRead("b", "k"));
        assertFalse(mayList(null));
    }

    @Test
    void writersOwnershipFollowsObjectOwnership() {
        assertNull(engine.checkObjectWrite("b", OTHER, AccessEngine.AclSpec.NONE).ownerAccount(), "enforced: the bucket owner");
        e("AccessControlListNotSupported", () -> engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("public-read", null)));
        engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("bucket-owner-full-control", null));
        engine.putOwnership("b", "ObjectWriter");
        assertEquals(OTHER, engine.checkObjectWrite("b", OTHER, AccessEngine.AclSpec.NONE).ownerAccount());
        assertNull(engine.checkObjectWrite("b", null, AccessEngine.AclSpec.NONE).ownerAccount());
        engine.putOwnership("b", "BucketOwnerPreferred");
        assertEquals(OTHER, engine.checkObjectWrite("b", OTHER, AccessEngine.AclSpec.NONE).ownerAccount());
        assertNull(engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("bucket-owner-full-control", null)).ownerAccount());
        e("AccessDenied", () -> engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("public-read", null)));
        e("InvalidArgument", () -> engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("log-delivery-write", null)));
        e("InvalidRequest", () -> engine.checkObjectWrite("b", OTHER, new AccessEngine.AclSpec("private",
                List.of(Acl.group(Acl.ALL_USERS, "READ")))));
    }

    @Test
    void theBucketOwnerCannotReadWhatAnotherAccountOwns() {
        aclsOn();
        store.setObjectAcl("b", "k", null, OTHER, Acl.canned("private", OTHER, OWNER).encode());
        assertFalse(mayRead(OWNER));
        assertTrue(mayRead(OTHER));
        store.setObjectAcl("b", "k", null, OTHER, Acl.canned("bucket-owner-read", OTHER, OWNER).encode());
        assertTrue(mayRead(OWNER));
        assertTrue(may(OWNER, "k", "s3:DeleteObject", "WRITE", false), "the owner may still delete it");
    }

    @Test
    void eachVersionHasItsOwnAcl() {
        aclsOn();
        store.objects.put(MemoryStore.id("b", "k", "v1"), new io.awsemu.s3.store.AccessStore.ObjectAccess(null, null));
        engine.putObjectAcl("b", "k", "v1", new AccessEngine.AclSpec("authenticated-read", null));
        assertTrue(engine.allowed(OTHER, store.bucket("b").get(), "k", "v1", "s3:GetObject", "READ", true, java.util.Map.of()));
        assertFalse(mayRead(OTHER), "the current object's ACL is its own");
        assertEquals(1, engine.getObjectAcl("b", "k", "null").grants().size());
        assertEquals(2, engine.getObjectAcl("b", "k", "v1").grants().size());
        e("NoSuchVersion", () -> engine.putObjectAcl("b", "k", "v2", new AccessEngine.AclSpec("private", null)));
    }

    @Test
    void settingsReadBackAndAnswerNotFound() {
        e("NoSuchBucketPolicy", () -> engine.getPolicy("b"));
        e("NoSuchBucket", () -> engine.getPolicy("nope"));
        assertEquals(PublicAccessBlock.ALL_ON, engine.getPublicAccessBlock("b"));
        engine.deletePublicAccessBlock("b");
        e("NoSuchPublicAccessBlockConfiguration", () -> engine.getPublicAccessBlock("b"));
        assertEquals("BucketOwnerEnforced", engine.getOwnership("b"));
        engine.deleteOwnership("b");
        e("OwnershipControlsNotFoundError", () -> engine.getOwnership("b"));
        e("NoSuchVersion", () -> engine.getObjectAcl("b", "absent", "null"));
    }

    static void e(String code, org.junit.jupiter.api.function.Executable x) {
        assertEquals(code, assertThrows(AwsException.class, x).code());
    }
}
