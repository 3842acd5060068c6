package io.awsemu.junit;

import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.Supplier;

/**
 * Loaded by {@link AwsEmulatorExtensionTest} in a class loader that hides the SQS SDK: uses the
 * extension as a test would and reports what happened.
 */
public final class NoSqsSdkDriver implements Supplier<String> {
    @Override
    public String get() {
        StringBuilder out = new StringBuilder();
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").build().start()) {
            try (S3Client s3 = emu.s3Client()) {
                s3.createBucket(b -> b.bucket("no-sqs-sdk"));
                out.append("buckets=").append(s3.listBuckets().buckets().size());
            }
            try {
                Object c = emu.sqsClient();
                out.append(";sqs=").append(c);
            } catch (IllegalStateException e) {
                out.append(";sqsError=").append(e.getMessage());
            }
        }
        return out.toString();
    }
}
