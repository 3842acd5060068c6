package io.awsemu.s3.engine;

import java.util.Set;

/** The values S3 accepts as a CreateBucket LocationConstraint, and the region each names. */
public final class LocationConstraints {
    private LocationConstraints() {}

    public static final String US_EAST_1 = "us-east-1";

    // us-east-1 is absent on purpose: S3 rejects it as an explicit constraint (it is the default).
    private static final Set<String> VALID = Set.of(
            "EU", "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
            "sa-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2");

    public static boolean isValid(String constraint) {
        return VALID.contains(constraint);
    }

    /** The region a valid constraint names; null (no constraint) means us-east-1. */
    public static String region(String constraint) {
        if (constraint == null) return US_EAST_1;
        return constraint.equals("EU") ? "eu-west-1" : constraint;
    }
}
