package io.awsemu.s3.engine;

/** A bucket's public access block configuration; every setting on is what new buckets get. */
public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                                boolean restrictPublicBuckets) {
    public static final PublicAccessBlock ALL_ON = new PublicAccessBlock(true, true, true, true);
    /** What applies when a bucket has no configuration. */
    public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);
}
