package io.awsemu.core.service;

/**
 * One AWS service, discovered through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.awsemu.core.service.AwsServicePlugin}). {@link #bind} is wiring only:
 * operation names to handlers; the logic lives in the service's engine.
 */
public interface AwsServicePlugin {
    ServiceDescriptor descriptor();

    void bind(ServiceBinder binder, ServiceContext context);

    /** Called on shutdown after in-flight requests drained; stop background work here. */
    default void close() {}

    /** A short state for the health endpoint: "running", or why something is unavailable. */
    default String state() { return "running"; }
}
