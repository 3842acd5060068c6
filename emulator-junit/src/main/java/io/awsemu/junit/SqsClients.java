package io.awsemu.junit;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * SQS clients for an {@link AwsEmulatorExtension}; needs {@code software.amazon.awssdk:sqs}. A class of
 * its own so the extension loads on a classpath without the SQS SDK.
 */
public final class SqsClients {
    private SqsClients() {}

    public static SqsClientBuilder builder(AwsEmulatorExtension emu) {
        return SdkSupport.aim(SqsClient.builder(), emu);
    }

    public static SqsClient client(AwsEmulatorExtension emu) {
        return builder(emu).build();
    }
}
