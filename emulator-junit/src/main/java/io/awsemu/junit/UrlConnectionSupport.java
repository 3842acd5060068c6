package io.awsemu.junit;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** Touches {@code url-connection-client} only when {@link SdkSupport} found it on the classpath. */
final class UrlConnectionSupport {
    private UrlConnectionSupport() {}

    static SdkHttpClient.Builder<?> builder() {
        return UrlConnectionHttpClient.builder();
    }
}
