package io.awsemu.junit;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients for an {@link AwsEmulatorExtension}; needs {@code software.amazon.awssdk:s3}. A class of
 * its own so the extension loads on a classpath without the S3 SDK.
 */
public final class S3Clients {
    private S3Clients() {}

    /** Endpoint, region, credentials and path-style addressing (no DNS for bucket hosts needed). */
    public static S3ClientBuilder builder(AwsEmulatorExtension emu) {
        return SdkSupport.aim(S3Client.builder(), emu).forcePathStyle(true);
    }

    public static S3Client client(AwsEmulatorExtension emu) {
        return builder(emu).build();
    }
}
