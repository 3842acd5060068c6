package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An S3 write is answered only once its event notifications are as durable as an acknowledged SendMessage, so that
 * a crash after the answer never loses them. The queue here is a stand-in whose sends complete when the test says.
 */
class S3EventDeliveryTest {
    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:events";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    /** Each send's message body and the future that completes it. */
    final BlockingQueue<Object[]> sends = new LinkedBlockingQueue<>();
    final S3Router router;
    final ExecutorService client = Executors.newSingleThreadExecutor();

    S3EventDeliveryTest() {
        Clock clock = Clock.systemUTC();
        BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
        ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), new InMemoryBlobStore(), clock);
        QueueDelivery queue = everyQueue(body -> {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            sends.add(new Object[] {body, durable});
            return durable;
        });
        router = S3Service.router(buckets, objects, new MultipartEngine(objects, new H2MultipartStore(db)),
                new H2BucketConfigStore(db), null, null, WebsiteReadAccess.ALLOW_ALL, () -> Optional.of(queue), null, null, null,
                "localhost");
    }

    /** A stand-in SQS where every queue exists: {@code send} gets each message body. */
    static QueueDelivery everyQueue(java.util.function.Function<String, CompletableFuture<Void>> send) {
        return new QueueDelivery() {
            @Override
            public String refusal(String queueArn, Sender sender) {
                return null;
            }

            @Override
            public CompletableFuture<Void> send(String queueArn, String body, Sender sender) {
                return send.apply(body);
            }
        };
    }

    @AfterEach
    void close() {
        client.shutdownNow();
        db.close();
    }

    AwsResponse call(String method, String uri, String body) throws Exception {
        return ObjectOperationsTest.route(router, method, uri, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs the request on the client thread; the next send it makes, not yet completed. */
    Object[] sent(Future<AwsResponse> answer) throws Exception {
        Object[] send = sends.poll(10, TimeUnit.SECONDS);
        assertNotNull(send, "a message was sent");
        Thread.sleep(200);
        assertFalse(answer.isDone(), "answered before its event was durable");
        return send;
    }

    @SuppressWarnings("unchecked")
    static void durable(Object[] send) {
        ((CompletableFuture<Void>) send[1]).complete(null);
    }

    @Test
    void theAnswerWaitsForItsEventsToBeDurable() throws Exception {
        assertEquals(200, call("PUT", "/bkt", "").status());
        Future<AwsResponse> configured = client.submit(() -> call("PUT", "/bkt?notification",
                "<NotificationConfiguration><QueueConfiguration><Queue>" + QUEUE + "</Queue>"
                        + "<Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>"));
        Object[] test = sent(configured);
        assertTrue(((String) test[0]).contains("s3:TestEvent"));
        durable(test);
        assertEquals(200, configured.get(10, TimeUnit.SECONDS).status());

        Future<AwsResponse> put = client.submit(() -> call("PUT", "/bkt/k", "hello"));
        Object[] event = sent(put);
        assertTrue(((String) event[0]).contains("ObjectCreated:Put"));
        durable(event);
        assertEquals(200, put.get(10, TimeUnit.SECONDS).status());

        // a send that fails (the queue was deleted) does not fail the write
        Future<AwsResponse> again = client.submit(() -> call("PUT", "/bkt/k", "again"));
        ((CompletableFuture<Void>) sent(again)[1]).completeExceptionally(new IllegalStateException("no such queue"));
        assertEquals(200, again.get(10, TimeUnit.SECONDS).status());
    }
}
