package io.awsemu.s3.engine;

import io.awsemu.s3.store.AccessStore.ObjectAccess;

import java.util.Map;

/**
 * What a new object version carries besides its object row, published with it in one transaction: its owner and
 * ACL, and its tag set. A reader never sees the version without them, a concurrent write of the same key never
 * gets them, and a crash never keeps the version without them.
 *
 * @param ownerAccount the owning account when it is not the bucket owner, else null
 * @param aclGrants    the encoded ACL the write asked for, else null (the owner's full control)
 * @param tags         the encoded tag set ({@link Tags#encode}), "" for none
 * @param journal      the write's event, journaled with it when the bucket is watched; null for none (a replica, a
 *                     test)
 */
public record VersionExtras(String ownerAccount, String aclGrants, String tags, Journal journal) {
    /** The bucket owner's, private, without tags. */
    public static final VersionExtras NONE = new VersionExtras(null, null, "", null);

    public VersionExtras {
        if (tags == null) tags = "";
    }

    public VersionExtras(String ownerAccount, String aclGrants, String tags) {
        this(ownerAccount, aclGrants, tags, null);
    }

    /**
     * @param access the owner and ACL the authorizer decided for the write, null for the defaults
     * @param tags   the tag set, null or empty for none
     */
    public static VersionExtras of(ObjectAccess access, Map<String, String> tags) {
        return new VersionExtras(access == null ? null : access.ownerAccount(), access == null ? null : access.aclGrants(),
                tags == null || tags.isEmpty() ? "" : Tags.encode(tags));
    }

    public VersionExtras withTags(String encodedTags) {
        return new VersionExtras(ownerAccount, aclGrants, encodedTags, journal);
    }

    public VersionExtras journaled(Journal j) {
        return new VersionExtras(ownerAccount, aclGrants, tags, j);
    }
}
