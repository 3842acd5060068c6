package io.awsemu.core.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.awsemu.core.concurrent.Background;
import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.auth.Authenticator;
import io.awsemu.core.checksum.NativeDigests;
import io.awsemu.core.auth.Credentials;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.netty.NettyHttpServer;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.InternalServices;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.storage.DataStores;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.meta.MetadataDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in one object: stores, services, the HTTP port. Embeddable ({@link #start}) and
 * used by {@link Launcher}. Closing drains in-flight requests, then closes services and stores.
 */
public final class EmulatorServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmulatorServer.class);

    private final EmulatorConfig config;
    private final DataStores stores;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<BoundService> services;
    private final NettyHttpServer http;
    private final DockerProbe docker;
    private final AuthMode authMode;
    private volatile boolean closed;

    private EmulatorServer(EmulatorConfig config, DataStores stores, ThreadPoolExecutor workers,
                           ScheduledThreadPoolExecutor scheduler, List<BoundService> services,
                           NettyHttpServer http, DockerProbe docker, AuthMode authMode) {
        this.config = config;
        this.stores = stores;
        this.workers = workers;
        this.scheduler = scheduler;
        this.services = services;
        this.http = http;
        this.docker = docker;
        this.authMode = authMode;
    }

    /**
     * The services' mapper between trees and records, made on first use: ~35 ms of a cold start that
     * no request needs before the first one that binds a record (the models' preload makes it first).
     */
    private static final class SharedMapper {
        static final ObjectMapper MAPPER = newMapper();
    }

    static ObjectMapper sharedMapper() { return SharedMapper.MAPPER; }

    /** A JSON mapper for trees and records: ISO timestamps, nulls omitted, unknown members ignored. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static EmulatorServer start(EmulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static EmulatorServer start(EmulatorConfig config, Clock clock) {
        AuthMode authMode = config.authMode();
        NativeDigests.configure(config.get(EmulatorConfig.Key.NATIVE_DIGESTS));
        // The stores open on their own thread while this one loads the front end's and the plugins'
        // classes: on a cold JVM both are mostly class loading and JNI, and they don't depend on each other.
        CompletableFuture<DataStores> opening = Background.supply("awsemu-open-stores", () -> DataStores.open(config));
        Authenticator authenticator;
        List<AwsServicePlugin> plugins = new ArrayList<>();
        NettyHttpServer http;
        try {
            authenticator = new Authenticator(authMode, Credentials.fromConfig(config), clock);
            // listening, not accepting yet: a client that connects now is answered once the services are bound
            http = NettyHttpServer.listen(config.bindAddress(), config.port(),
                    NettyHttpServer.Limits.defaults(config.getLong(EmulatorConfig.Key.MAX_BODY)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(DataStores::close);
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException | Error e) {
            opening.thenAccept(DataStores::close);
            throw e;
        }
        try {
            NettyHttpServer.preloadClasses();
            for (AwsServicePlugin plugin : ServiceLoader.load(AwsServicePlugin.class, EmulatorServer.class.getClassLoader())) {
                if (config.services().contains(plugin.descriptor().serviceId())) plugins.add(plugin);
            }
        } catch (RuntimeException | Error e) {
            http.close();
            opening.thenAccept(DataStores::close);
            throw e;
        }
        // What needs no store is made while the stores open (on a cold JVM their opening is the longest
        // step before the port opens), including the scheduler's first thread, which the plugins' timers need.
        int n = config.workers();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.getInt(EmulatorConfig.Key.MAX_QUEUED))),
                Background.daemonThreads("awsemu-worker-"));
        workers.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, Background.daemonThreads("awsemu-scheduler-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.prestartCoreThread();
        DockerProbe docker = new DockerProbe(config.get(EmulatorConfig.Key.DOCKER_HOST));
        InternalServices internal = new InternalServices();
        DataStores stores;
        try {
            stores = Background.join(opening);
        } catch (RuntimeException | Error e) {
            http.close();
            workers.shutdownNow();
            scheduler.shutdownNow();
            throw e;
        }
        ServiceContext context = new Context(config, clock, stores.blobs(), stores.metadata(), stores.records(),
                stores.collector(), scheduler, workers, internal);

        List<BoundService> bound = new ArrayList<>();
        for (AwsServicePlugin plugin : plugins) bound.add(new BoundService(plugin, EmulatorServer::sharedMapper));
        try {
            bindAll(bound, context);
            EmulatorServer server = new EmulatorServer(config, stores, workers, scheduler, bound, http, docker, authMode);
            RequestDispatcher dispatcher = new RequestDispatcher(bound, authenticator, config, workers,
                    ex -> server.health());
            // the clients that connected while the stores opened are accepted now
            http.serve(dispatcher);
            scheduler.execute(docker::check);
            // orphans: blobs of writes that crashed before publishing, or that nothing references any more
            stores.collector().schedule(scheduler, java.time.Duration.ofMinutes(10),
                    io.awsemu.core.storage.BlobCollector.DEFAULT_MIN_AGE);
            // models load after the first answer (a readiness probe's, typically) or a second after the port
            // opened: on a cold JVM that first answer would otherwise share the cores with the parsing of
            // all of them. A request that needs a model before then loads its own.
            NettyHttpServer started = http;
            Thread preload = new Thread(() -> {
                try {
                    started.awaitFirstAnswer(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                sharedMapper();
                bound.forEach(b -> {
                    try {
                        b.preload();
                    } catch (RuntimeException e) {
                        log.error("could not load the model of {}", b.id(), e);
                    }
                });
            }, "awsemu-preload");
            preload.setDaemon(true);
            preload.setPriority(Thread.MIN_PRIORITY);
            preload.start();
            return server;
        } catch (RuntimeException | Error e) {
            cleanup(bound, http, workers, scheduler, stores);
            throw e;
        }
    }

    /**
     * Binds the first plugin (S3 in the jar's order, the largest) on its own thread while this one binds
     * the rest: on a cold JVM a bind is mostly class loading and first statements, and the other core is
     * otherwise idle by then. Plugins may only look each other up lazily (S3's notifications find SQS's
     * delivery at their first use). Returns once every bind has ended, failed or not.
     */
    private static void bindAll(List<BoundService> bound, ServiceContext context) {
        if (bound.isEmpty()) return;
        BoundService first = bound.get(0);
        CompletableFuture<Void> firstBound = Background.supply("awsemu-bind-" + first.id(), () -> {
            first.plugin.bind(first, context);
            return null;
        });
        try {
            for (BoundService b : bound.subList(1, bound.size())) {
                b.plugin.bind(b, context);
            }
        } catch (RuntimeException | Error e) {
            try {
                firstBound.join();
            } catch (RuntimeException ignored) {
                // the error of this thread's bind is the one reported
            }
            throw e;
        }
        Background.join(firstBound);
    }

    private static void cleanup(List<BoundService> bound, NettyHttpServer http, ThreadPoolExecutor workers,
                                ScheduledThreadPoolExecutor scheduler, DataStores stores) {
        if (http != null) http.close();
        bound.forEach(b -> b.plugin.close());
        workers.shutdownNow();
        scheduler.shutdownNow();
        stores.close();
    }

    public int port() { return http.port(); }

    /** {@code http://<host>:<port>} where clients on this machine reach the server. */
    public URI endpoint() {
        String host = config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    public EmulatorConfig config() { return config; }

    /** The blob store, key-value store and metadata database the services share (tests look inside). */
    public DataStores stores() { return stores; }

    public DockerProbe docker() { return docker; }

    /** Service ids of the started services. */
    public java.util.List<String> serviceIds() {
        return services.stream().map(BoundService::id).toList();
    }

    /** Operations a service has bound (for compatibility checks); empty for raw-routed services. */
    public java.util.Set<String> boundOperations(String serviceId) {
        return services.stream().filter(b -> b.id().equals(serviceId)).findFirst()
                .map(b -> java.util.Set.copyOf(b.boundOperations())).orElse(java.util.Set.of());
    }

    /** Operations of a service's primary model; empty for model-less services (S3). */
    public java.util.Set<String> modelOperations(String serviceId) {
        return services.stream().filter(b -> b.id().equals(serviceId)).findFirst()
                .map(b -> java.util.Set.copyOf(b.modelOperations())).orElse(java.util.Set.of());
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** {@code GET /_awsemu/health}: written with the streaming generator, no mapper (the first answer of a cold start). */
    AwsResponse health() {
        DockerProbe.Status d = docker.check();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("status", closed ? "stopping" : "running");
            g.writeStringField("version", version());
            g.writeObjectFieldStart("services");
            for (BoundService b : services) g.writeStringField(b.id(), b.plugin.state());
            g.writeEndObject();
            g.writeStringField("dataDir", config.inMemory() ? EmulatorConfig.MEMORY : String.valueOf(config.dataDir()));
            g.writeStringField("auth", authMode.name().toLowerCase(java.util.Locale.ROOT));
            g.writeObjectFieldStart("docker");
            g.writeBooleanField("reachable", d.reachable());
            g.writeStringField("detail", d.detail());
            g.writeEndObject();
            g.writeNumberField("inFlight", http.inFlight());
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return AwsResponse.of(200, "application/json", out.toByteArray());
    }

    static String version() {
        String v = EmulatorServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Stops accepting, waits for in-flight requests (up to the grace period), then closes everything. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        http.stopAccepting();
        long deadline = System.currentTimeMillis() + config.getLong(EmulatorConfig.Key.SHUTDOWN_GRACE);
        while (http.inFlight() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (http.inFlight() > 0) log.warn("{} requests still in flight at shutdown", http.inFlight());
        for (BoundService b : services) {
            try {
                b.plugin.close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed", b.id(), e);
            }
        }
        http.close();
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        stores.close();
    }

    private record Context(EmulatorConfig config, Clock clock, BlobStore blobs, MetadataDb metadata,
                           io.awsemu.core.storage.KeyValueStore records,
                           io.awsemu.core.storage.BlobCollector blobCollector, ScheduledExecutorService scheduler, Executor workers,
                           InternalServices internal) implements ServiceContext {}
}
