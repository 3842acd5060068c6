package io.awsemu.junit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * SDK v2 code shared by the client helpers. Kept out of {@link AwsEmulatorExtension} so that class
 * loads with no SDK jar at all; each method here is reached only after {@link #require} passed.
 */
final class SdkSupport {
    private static final String URL_CONNECTION_CLIENT = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private SdkSupport() {}

    static boolean present(String className) {
        try {
            Class.forName(className, false, SdkSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Fails with the artifact to add rather than a NoClassDefFoundError deep inside a test. */
    static void require(String className, String artifact, String method) {
        if (!present(className))
            throw new IllegalStateException(method + " needs " + artifact + " on the test classpath (emulator-junit "
                    + "declares the AWS SDK v2 jars optional)");
    }

    static Region region(String name) {
        return Region.of(name);
    }

    static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** Endpoint, region, credentials, and the URL-connection HTTP client when present. */
    static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B aim(B builder, AwsEmulatorExtension emu) {
        require("software.amazon.awssdk.regions.Region", "software.amazon.awssdk:regions", "a client builder");
        require("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider", "software.amazon.awssdk:auth", "a client builder");
        builder.endpointOverride(emu.endpoint())
                .region(region(emu.regionName()))
                .credentialsProvider(credentials(emu.accessKey(), emu.secretKey()));
        // the light client starts fast and has no connection pool to leak; else the SDK finds its default
        if (present(URL_CONNECTION_CLIENT)) builder.httpClientBuilder(UrlConnectionSupport.builder());
        return builder;
    }
}
