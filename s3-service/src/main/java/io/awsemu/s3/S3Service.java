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
import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.store.H2AccessStore;
import io.awsemu.s3.store.BucketStore;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import io.awsemu.s3.store.ObjectStore;

import java.util.Set;

/** S3 2006-03-01. Wiring only: the store, the engines, the route table. */
public final class S3Service implements AwsServicePlugin {
    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("s3")
            .signingNames("s3")
            .protocols(Protocol.REST_XML)
            .hostLabels("s3")
            .build();

    @Override
    public ServiceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        String domain = context.config().domain();
        BucketStore buckets = H2BucketStore.migrated(context.metadata());
        ObjectStore objects = new H2ObjectStore(context.metadata());
        BucketEngine bucketEngine = new BucketEngine(buckets, context.clock());
        ObjectEngine objectEngine = new ObjectEngine(bucketEngine, objects, context.blobs(), context.clock());
        context.blobCollector().register("s3", objectEngine::references);
        AccessEngine access = new AccessEngine(new H2AccessStore(context.metadata()));
        boolean enforce = !"off".equalsIgnoreCase(context.config().get(EmulatorConfig.Key.AUTH));
        PostObjectOperations post = new PostObjectOperations(objectEngine, access,
                Credentials.fromConfig(context.config()), AuthMode.parse(context.config().get(EmulatorConfig.Key.AUTH)),
                context.clock());
        S3Router router = router(bucketEngine, objectEngine, access, post, domain);
        router.authorizeWith(new S3Authorizer(access, enforce));
        binder.raw(router::handle, head -> streamsBody(head, domain));
    }

    /** The fully bound router over the engines; tests build the same one without a server. */
    static S3Router router(BucketEngine buckets, ObjectEngine objects, String domain) {
        return router(buckets, objects, null, null, domain);
    }

    /**
     * @param access null in routing tests: its handlers are bound but nothing is authorized
     * @param post   null in routing tests: PostObject is bound to a handler without credentials
     */
    static S3Router router(BucketEngine buckets, ObjectEngine objects, AccessEngine access, PostObjectOperations post,
                           String domain) {
        S3Router router = new S3Router(domain);
        new AccessOperations(access).bindTo(router);
        (post != null ? post : new PostObjectOperations(objects, access, null, AuthMode.KNOWN, null)).bindTo(router);
        new BucketOperations(buckets, domain).bindTo(router);
        new ObjectOperations(objects).bindTo(router);
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
