package io.awsemu.core.model;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Models loaded lazily on first use and kept: startup pays nothing for a service until a request
 * reaches it (the EC2 model alone is 3 MB). Thread-safe; one load per resource.
 */
public final class ModelRegistry {
    private final ConcurrentMap<String, ServiceModel> models = new ConcurrentHashMap<>();

    /** The model at {@code classpathResource}, loaded from {@code loader} the first time it is asked for. */
    public ServiceModel get(String classpathResource, ClassLoader loader) {
        return models.computeIfAbsent(classpathResource, r -> ServiceModel.load(r, loader));
    }

    /**
     * Loads a model off the request path (call after the port is bound): a cold JVM spends most of a
     * model load warming Jackson's tokenizer, so the first EC2 request should not be the one paying.
     */
    public java.util.concurrent.CompletableFuture<ServiceModel> preload(String classpathResource, ClassLoader loader,
                                                                        java.util.concurrent.Executor executor) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> get(classpathResource, loader), executor);
    }
}
