package io.awsemu.sqs;

import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.sqs.api.*;
import io.awsemu.sqs.engine.MessageMoveTasks;
import io.awsemu.sqs.engine.SqsEngine;
import io.awsemu.sqs.store.RecordsQueueStore;

/**
 * SQS. Both protocols reach the same handlers: JSON 1.0 (SDKs since 2023) and Query (2008-era
 * clients, boto 2, SDK v1 up to 1.12.580). Wiring only.
 */
public final class SqsService implements AwsServicePlugin {

    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("sqs")
            .signingNames("sqs")
            .protocols(Protocol.JSON_1_0, Protocol.QUERY)
            .models("awsemu/models/sqs-2012-11-05-model.json", "awsemu/models/query/sqs-2012-11-05-model.json")
            .queryApiVersions("2008-01-01", "2009-02-01", "2011-10-01", "2012-11-05")
            .targetPrefixes("AmazonSQS")
            .hostLabels("sqs", "queue")
            // a queue URL used as the endpoint (Query clients)
            .pathRule(h -> QueueUrls.isQueuePath(h.rawPath())
                    && (h.hasQueryParam("Action") || "POST".equals(h.method())))
            .build();

    private volatile RecordsQueueStore store;

    @Override
    public ServiceDescriptor descriptor() { return DESCRIPTOR; }

    /** Commits what the group committer still holds, then stops it. */
    @Override
    public void close() {
        if (store != null) store.close();
    }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        RecordsQueueStore store = new RecordsQueueStore(context.metadata(), context.records().namespace("sqs"));
        this.store = store;
        SqsEngine engine = new SqsEngine(store, context.clock(), context.workers());
        LongPolls polls = new LongPolls(engine, context.scheduler(), context.workers(), context.clock());
        MessageMoveTasks moveTasks = new MessageMoveTasks(engine, store, context.clock(), context.scheduler(), context.workers());
        SqsOperations ops = new SqsOperations(engine, context.config().hostname(), polls, moveTasks);
        // services sending into queues (S3's notifications) need the queue's policy, unless signatures are off
        boolean enforce = context.config().authMode() != AuthMode.OFF;
        context.internal().publish(QueueDelivery.class, new QueueDeliveries(engine, enforce, context.clock()));
        binder.quirks(new SqsQuirks());
        binder.operation("CreateQueue", CreateQueueRequest.class, ops::createQueue);
        binder.operation("DeleteQueue", DeleteQueueRequest.class, ops::deleteQueue);
        binder.operation("GetQueueUrl", GetQueueUrlRequest.class, ops::getQueueUrl);
        binder.operation("ListQueues", ListQueuesRequest.class, ops::listQueues);
        binder.operation("GetQueueAttributes", GetQueueAttributesRequest.class, ops::getQueueAttributes);
        binder.operation("SetQueueAttributes", SetQueueAttributesRequest.class, ops::setQueueAttributes);
        binder.operation("PurgeQueue", PurgeQueueRequest.class, ops::purgeQueue);
        binder.asyncOperation("SendMessage", SendMessageRequest.class, ops::sendMessage);
        binder.asyncOperation("SendMessageBatch", SendMessageBatchRequest.class, ops::sendMessageBatch);
        binder.asyncOperation("ReceiveMessage", ReceiveMessageRequest.class, ops::receiveMessage);
        binder.asyncOperation("DeleteMessage", DeleteMessageRequest.class, ops::deleteMessage);
        binder.asyncOperation("DeleteMessageBatch", DeleteMessageBatchRequest.class, ops::deleteMessageBatch);
        binder.asyncOperation("ChangeMessageVisibility", ChangeMessageVisibilityRequest.class, ops::changeMessageVisibility);
        binder.asyncOperation("ChangeMessageVisibilityBatch", ChangeMessageVisibilityBatchRequest.class, ops::changeMessageVisibilityBatch);
        binder.operation("TagQueue", TagQueueRequest.class, ops::tagQueue);
        binder.operation("UntagQueue", UntagQueueRequest.class, ops::untagQueue);
        binder.operation("ListQueueTags", ListQueueTagsRequest.class, ops::listQueueTags);
        binder.operation("AddPermission", AddPermissionRequest.class, ops::addPermission);
        binder.operation("RemovePermission", RemovePermissionRequest.class, ops::removePermission);
        binder.operation("ListDeadLetterSourceQueues", ListDeadLetterSourceQueuesRequest.class, ops::listDeadLetterSourceQueues);
        binder.operation("StartMessageMoveTask", StartMessageMoveTaskRequest.class, ops::startMessageMoveTask);
        binder.operation("ListMessageMoveTasks", ListMessageMoveTasksRequest.class, ops::listMessageMoveTasks);
        binder.operation("CancelMessageMoveTask", CancelMessageMoveTaskRequest.class, ops::cancelMessageMoveTask);
        // messages live in memory and their writes go through the group committer, or are written here when
        // RocksDB takes them without waiting (GroupCommitter): nothing here waits
        binder.eventLoopOperations("SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
                "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch");
        binder.developerEndpoint("/_aws/sqs/messages", new PeekEndpoint(engine, ops));
    }
}
