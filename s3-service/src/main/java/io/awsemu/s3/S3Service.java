package io.awsemu.s3;

import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.auth.Credentials;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.store.BucketCache;
import io.awsemu.s3.store.H2AccessStore;
import io.awsemu.s3.store.BucketStore;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ReplicationEngine;
import io.awsemu.s3.engine.VersionedLifecycleActions;
import io.awsemu.s3.engine.VersioningEngine;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2ObjectStore;
import io.awsemu.s3.store.H2OutboxStore;
import io.awsemu.s3.store.H2ReplicationStore;
import io.awsemu.s3.store.ObjectStore;

import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.LifecycleSweeper;
import io.awsemu.s3.engine.ObjectLockEngine;
import io.awsemu.s3.engine.ObjectTagging;
import io.awsemu.s3.store.BucketConfigStore;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.MemoryBucketConfigStore;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** S3 2006-03-01. Wiring only: the store, the engines, the route table. */
public final class S3Service implements AwsServicePlugin {
    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("s3")
            .signingNames("s3")
            .protocols(Protocol.REST_XML)
            .hostLabels("s3")
            .build();

    /** The bound object store, closed at shutdown; null before {@link #bind}. */
    private volatile ObjectStore objects;

    @Override
    public ServiceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void close() {
        ObjectStore o = objects;
        if (o != null) o.close();
    }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        String domain = context.config().domain();
        // one cache of bucket rows for both stores that read and write them
        BucketCache bucketCache = new BucketCache();
        BucketStore buckets = H2BucketStore.migrated(context.metadata(), bucketCache);
        // PUTs' publishes are logged beside the blobs and stored in H2 in batches (PublishLog); replayed here first
        ObjectStore objects = new H2ObjectStore(context.metadata(), bucketCache, context.records().namespace("s3-publish"),
                Math.max(1, context.config().getLong(EmulatorConfig.Key.S3_PUBLISH_STORE_MILLIS)));
        this.objects = objects;
        BucketEngine bucketEngine = new BucketEngine(buckets, context.clock());
        ObjectEngine objectEngine = new ObjectEngine(bucketEngine, objects, context.blobs(), context.clock());
        MultipartEngine multipartEngine = new MultipartEngine(objectEngine, new H2MultipartStore(context.metadata()));
        context.blobCollector().register("s3", objectEngine::references);
        BucketConfigStore configStore = new H2BucketConfigStore(context.metadata(), bucketCache);
        AccessEngine access = new AccessEngine(new H2AccessStore(context.metadata(), bucketCache));
        AuthMode authMode = context.config().authMode();
        boolean enforce = authMode != AuthMode.OFF;
        PostObjectOperations post = new PostObjectOperations(objectEngine, access,
                Credentials.fromConfig(context.config()), authMode,
                context.clock());
        // website endpoints are anonymous: they serve what the bucket's ACLs and policy let everyone read
        WebsiteReadAccess websiteAccess = enforce
                ? (ctx, bucket, key) -> access.anonymousCanRead(bucket.name(), key) : WebsiteReadAccess.ALLOW_ALL;
        ReplicationEngine replication = new ReplicationEngine(objectEngine, configStore,
                new H2ReplicationStore(context.metadata()), context.workers());
        ObjectTagging tagging = new ObjectTagging(objectEngine, configStore);
        LifecycleSweeper sweeper = new LifecycleSweeper(bucketEngine, new BucketConfigs(bucketEngine, configStore),
                doc -> BucketConfigXml.lifecycle(BucketConfigXml.read(doc)), objectEngine, tagging, context.clock());
        sweeper.actions(new VersionedLifecycleActions(new VersioningEngine(objectEngine), multipartEngine, tagging));
        EventOutbox outbox = new EventOutbox(new H2OutboxStore(context.metadata()));
        S3Router router = router(bucketEngine, objectEngine, multipartEngine, configStore, access, post, websiteAccess,
                () -> context.internal().lookup(QueueDelivery.class), replication, sweeper, outbox, domain);
        AccessLogs accessLogs = new AccessLogs(bucketEngine, new BucketConfigs(bucketEngine, configStore), objectEngine,
                context.clock(), domain, !configStore.all(BucketConfigOperations.LOGGING).isEmpty());
        router.intercept(accessLogs); // last: it logs the answer every other interceptor shaped
        router.authorizeWith(new S3Authorizer(access, enforce));
        binder.raw(router::handle, head -> streamsBody(head, domain));
        binder.developerEndpoint(LifecycleEndpoint.PATH, new LifecycleEndpoint(sweeper));
        binder.developerEndpoint(RunNowEndpoint.ACCESS_LOGS,
                new RunNowEndpoint("delivers the access logs", "delivered", accessLogs::deliver));
        InventoryReports inventory = new InventoryReports(bucketEngine, new BucketConfigs(bucketEngine, configStore),
                objectEngine, new VersioningEngine(objectEngine), replication, access, context.clock(),
                InventoryReports.FILE_BYTES);
        binder.developerEndpoint(RunNowEndpoint.INVENTORY,
                new RunNowEndpoint("writes the inventory reports", "reports", inventory::deliverAll));
        // the replicator resumes what a previous run left PENDING, and looks again now and then in case a
        // write's kick found the worker pool full
        context.scheduler().scheduleWithFixedDelay(replication::kick, 0, REPLICATION_LOOK_SECONDS, TimeUnit.SECONDS);
        // what a crash kept from the answers' deliveries goes out now, and what a failed answer left, later
        onWorkers(context, outbox::replay, "S3 outbox replay failed; the next one tries again", 0, OUTBOX_LOOK_SECONDS,
                TimeUnit.SECONDS);
        // server access logs go out each minute (AWS: within hours, best effort)
        onWorkers(context, accessLogs::deliver, "S3 access log delivery failed", ACCESS_LOG_SECONDS, ACCESS_LOG_SECONDS,
                TimeUnit.SECONDS);
        // inventory reports are due a day or a week after the last one this process wrote; looked for each hour
        onWorkers(context, inventory::deliverDue, "S3 inventory reports failed", INVENTORY_LOOK_MINUTES,
                INVENTORY_LOOK_MINUTES, TimeUnit.MINUTES);
        long minutes = context.config().getLong(EmulatorConfig.Key.S3_LIFECYCLE_SWEEP_MINUTES);
        if (minutes > 0) {
            onWorkers(context, sweeper::sweep, "lifecycle sweep failed", minutes, minutes, TimeUnit.MINUTES);
        }
    }


    /**
     * Runs {@code job} on a worker every {@code period} (the scheduler's thread only hands it over), the first time
     * after {@code initialDelay}; a failure is logged as {@code failure} and the next run tries again.
     */
    private static void onWorkers(ServiceContext context, Runnable job, String failure, long initialDelay, long period,
                                  TimeUnit unit) {
        context.scheduler().scheduleWithFixedDelay(() -> context.workers().execute(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(S3Service.class).warn(failure, e);
            }
        }), initialDelay, period, unit);
    }

    /** How often the replicator looks for PENDING versions besides the kick of each write. */
    private static final long REPLICATION_LOOK_SECONDS = 30;
    /** How often server access logs are delivered into their target buckets. */
    private static final long ACCESS_LOG_SECONDS = 60;
    /** How often inventory configurations are looked at for a report that is due. */
    private static final long INVENTORY_LOOK_MINUTES = 60;
    /** How often journaled events that no answer delivered are looked for. */
    private static final long OUTBOX_LOOK_SECONDS = 10;

    /** The fully bound router over the engines, configurations in memory; tests build it without a server. */
    static S3Router router(BucketEngine buckets, ObjectEngine objects, MultipartEngine multipart, String domain) {
        return router(buckets, objects, multipart, new MemoryBucketConfigStore(), null, null, WebsiteReadAccess.ALLOW_ALL,
                Optional::empty, null, null, null, domain);
    }

    /**
     * @param access        null in routing tests: its handlers are bound but nothing is authorized
     * @param post          null in routing tests: PostObject is bound to a handler without credentials
     * @param websiteAccess what the anonymous website endpoint may serve (the bucket's ACLs and policy)
     * @param queues        SQS for event notifications, when it runs
     * @param replication   carries out replication configurations; null in routing tests (stored, never carried out)
     * @param sweeper       tells event notifications what lifecycle expired; null in routing tests
     * @param outbox        removes the journaled events the answers delivered; null in tests that leave them
     */
    static S3Router router(BucketEngine buckets, ObjectEngine objects, MultipartEngine multipart,
                           BucketConfigStore configStore, AccessEngine access, PostObjectOperations post,
                           WebsiteReadAccess websiteAccess, Supplier<Optional<QueueDelivery>> queues,
                           ReplicationEngine replication, LifecycleSweeper sweeper, EventOutbox outbox, String domain) {
        BucketConfigs configs = new BucketConfigs(buckets, configStore);
        ServerSideEncryption encryption = new ServerSideEncryption(configs);
        ObjectTagging tagging = new ObjectTagging(objects, configStore);
        ObjectTaggingOperations taggingOps = new ObjectTaggingOperations(tagging);
        ObjectLockEngine locks = new ObjectLockEngine(objects, configStore);
        WebsiteEndpoint website = new WebsiteEndpoint(buckets, objects, configs, domain);
        website.access(websiteAccess);
        EventNotifications events = new EventNotifications(buckets, configs, queues, objects.clock(), domain);
        S3Router router = new S3Router(domain)
                .intercept(website)
                .intercept(new CorsInterceptor(configs, domain))
                .intercept(events);
        ObjectReplication objectReplication = replication == null ? null : new ObjectReplication(configs, replication, domain);
        if (objectReplication != null) router.intercept(objectReplication);
        if (outbox != null) router.intercept(outbox.deliverWith(events, objectReplication)); // after the deliveries
        if (sweeper != null) sweeper.events(outbox != null ? outbox.lifecycle(events) : events);
        new AccessOperations(access, objects).bindTo(router);
        (post != null ? post : new PostObjectOperations(objects, access, null, AuthMode.KNOWN, null)).tagging(taggingOps)
                .encryption(encryption).bindTo(router);
        new BucketOperations(buckets, domain).bindTo(router);
        new ObjectOperations(objects, taggingOps, encryption).bindTo(router);
        new ObjectAttributesOperations(objects).bindTo(router);
        new RestoreObjectOperations(objects).bindTo(router);
        new SelectObjectContentOperations(objects).bindTo(router);
        new BucketConfigOperations(buckets, configs, events).bindTo(router);
        new BucketConfigSetOperations(configs).bindTo(router);
        taggingOps.bindTo(router);
        new MultipartOperations(multipart, taggingOps, encryption).bindTo(router);
        new VersioningOperations(new VersioningEngine(objects), configs).bindTo(router);
        new ObjectLockOperations(locks).bindTo(router);
        new ReplicationOperations(configs, objectReplication).bindTo(router);
        return router;
    }

    /**
     * Object data is streamed from the socket: PutObject, UploadPart and the browser form upload
     * (PostObject). Everything else (configuration XML, CompleteMultipartUpload's part list) is small
     * and aggregated. A request the table cannot route is aggregated and answered with its error.
     */
    static boolean streamsBody(HttpRequestHead head, String domain) {
        String m = head.method();
        if (!m.equals("PUT") && !m.equals("POST")) return false;
        try {
            String op = S3Router.route(head, S3Target.parse(head, domain).shape());
            return STREAMED.contains(op);
        } catch (AwsException e) {
            return false;
        }
    }

    private static final Set<String> STREAMED = Set.of("PutObject", "UploadPart", "PostObject");
}
