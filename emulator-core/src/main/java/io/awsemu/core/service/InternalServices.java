package io.awsemu.core.service;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The only way one service reaches another: the owner publishes an implementation of an interface
 * from {@code io.awsemu.core.service.internal}; the user looks it up at call time (plugins bind in
 * any order).
 */
public final class InternalServices {
    private final ConcurrentMap<Class<?>, Object> impls = new ConcurrentHashMap<>();

    public <T> void publish(Class<T> type, T impl) {
        impls.put(type, impl);
    }

    public <T> Optional<T> lookup(Class<T> type) {
        return Optional.ofNullable(type.cast(impls.get(type)));
    }
}
