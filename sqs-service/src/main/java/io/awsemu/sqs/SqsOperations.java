package io.awsemu.sqs;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.service.RequestContext;
import io.awsemu.sqs.api.*;
import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.MessageMoveTasks;
import io.awsemu.sqs.engine.Queue;
import io.awsemu.sqs.engine.QueueKey;
import io.awsemu.sqs.engine.SqsEngine;
import io.awsemu.sqs.engine.SqsEngine.Delivery;
import io.awsemu.sqs.engine.SqsEngine.SendRequest;
import io.awsemu.sqs.engine.SqsEngine.SendResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The wire-facing handlers: model input record -> engine -> model output record. */
public final class SqsOperations {

    private final SqsEngine engine;
    private final String hostname;
    private final LongPolls longPolls;
    private final MessageMoveTasks moveTasks;

    public SqsOperations(SqsEngine engine, String hostname, LongPolls longPolls, MessageMoveTasks moveTasks) {
        this.engine = engine;
        this.hostname = hostname;
        this.longPolls = longPolls;
        this.moveTasks = moveTasks;
    }

    // ---------------------------------------------------------------- queues

    public CreateQueueResult createQueue(RequestContext ctx, CreateQueueRequest in) {
        Queue q = engine.createQueue(new QueueKey(ctx.accountId(), ctx.region(), in.queueName()), in.attributes(), in.tags());
        return new CreateQueueResult(url(ctx, q));
    }

    public Void deleteQueue(RequestContext ctx, DeleteQueueRequest in) {
        engine.deleteQueue(queue(ctx, in.queueUrl()));
        return null;
    }

    public GetQueueUrlResult getQueueUrl(RequestContext ctx, GetQueueUrlRequest in) {
        String account = in.queueOwnerAWSAccountId() != null ? in.queueOwnerAWSAccountId() : ctx.accountId();
        Queue q = engine.queue(new QueueKey(account, ctx.region(), in.queueName()));
        String url = url(ctx, q);
        QueueAccess.check(ctx, q, url);
        return new GetQueueUrlResult(url);
    }

    public ListQueuesResult listQueues(RequestContext ctx, ListQueuesRequest in) {
        List<Queue> all = engine.listQueues(ctx.accountId(), ctx.region(), in.queueNamePrefix());
        Page page = page(ctx, all, in.maxResults(), in.nextToken());
        return new ListQueuesResult(page.urls().isEmpty() ? null : page.urls(), page.next());
    }

    private record Page(List<String> urls, String next) {}

    /** Queues sorted by name, paged: a NextToken (the last name) only when MaxResults was given, as AWS does. */
    private Page page(RequestContext ctx, List<Queue> all, Integer max, String nextToken) {
        if (max != null && (max < 1 || max > 1000)) {
            throw SqsErrors.invalidParameterValue("MaxResults", max, "must be between 1 and 1000, if provided.");
        }
        String after = null;
        if (nextToken != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SqsErrors.invalidParameterValue("Invalid NextToken value.");
            }
        }
        int limit = max == null ? 1000 : max;
        List<String> urls = new ArrayList<>();
        String next = null;
        for (Queue q : all) {
            if (after != null && q.key.name().compareTo(after) <= 0) continue;
            if (urls.size() == limit) {
                // only paged requests (MaxResults given) get a NextToken, as AWS does
                if (max != null) next = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(last(urls).getBytes(StandardCharsets.UTF_8));
                break;
            }
            urls.add(url(ctx, q));
        }
        return new Page(urls, next);
    }

    private static String last(List<String> urls) {
        String u = urls.get(urls.size() - 1);
        return u.substring(u.lastIndexOf('/') + 1);
    }

    public GetQueueAttributesResult getQueueAttributes(RequestContext ctx, GetQueueAttributesRequest in) {
        Map<String, String> attrs = engine.getAttributes(queue(ctx, in.queueUrl()), in.attributeNames());
        return new GetQueueAttributesResult(attrs.isEmpty() ? null : attrs);
    }

    public Void setQueueAttributes(RequestContext ctx, SetQueueAttributesRequest in) {
        engine.setAttributes(queue(ctx, in.queueUrl()), in.attributes() == null ? Map.of() : in.attributes());
        return null;
    }

    public Void purgeQueue(RequestContext ctx, PurgeQueueRequest in) {
        engine.purge(queue(ctx, in.queueUrl()), in.queueUrl());
        return null;
    }

    public Void tagQueue(RequestContext ctx, TagQueueRequest in) {
        engine.tag(queue(ctx, in.queueUrl()), in.tags() == null ? Map.of() : in.tags());
        return null;
    }

    public Void untagQueue(RequestContext ctx, UntagQueueRequest in) {
        engine.untag(queue(ctx, in.queueUrl()), in.tagKeys() == null ? List.of() : in.tagKeys());
        return null;
    }

    public ListQueueTagsResult listQueueTags(RequestContext ctx, ListQueueTagsRequest in) {
        Map<String, String> tags = engine.tags(queue(ctx, in.queueUrl()));
        return new ListQueueTagsResult(tags.isEmpty() ? null : tags);
    }

    public ListDeadLetterSourceQueuesResult listDeadLetterSourceQueues(RequestContext ctx, ListDeadLetterSourceQueuesRequest in) {
        Page page = page(ctx, engine.deadLetterSources(queue(ctx, in.queueUrl())), in.maxResults(), in.nextToken());
        return new ListDeadLetterSourceQueuesResult(page.urls(), page.next());
    }

    /** AWS's policy quotas that AddPermission reaches: actions per statement, statements per policy. */
    static final int MAX_ACTIONS_PER_STATEMENT = 7, MAX_STATEMENTS = 20;

    /** AddPermission and RemovePermission edit a queue's Policy one at a time (read, change, write). */
    private final Object permissionEdits = new Object();

    /** AddPermission writes a statement into the queue's Policy, as AWS does. */
    public Void addPermission(RequestContext ctx, AddPermissionRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        if (in.awsAccountIds() == null || in.awsAccountIds().isEmpty()) throw SqsErrors.missingParameter("AWSAccountIds");
        if (in.actions() == null || in.actions().isEmpty()) throw SqsErrors.missingParameter("Actions");
        if (in.actions().size() > MAX_ACTIONS_PER_STATEMENT) {
            throw SqsErrors.overLimit(in.actions().size() + " Actions were found, maximum allowed is " + MAX_ACTIONS_PER_STATEMENT + ".");
        }
        synchronized (permissionEdits) {
            ObjectNode policy = policy(q);
            ArrayNode statements = (ArrayNode) policy.withArray("Statement");
            for (JsonNode s : statements) {
                if (in.label().equals(s.path("Sid").asText())) {
                    throw SqsErrors.invalidParameterValue("Label", in.label(), "Already exists.");
                }
            }
            if (statements.size() >= MAX_STATEMENTS) {
                throw SqsErrors.overLimit((statements.size() + 1) + " Statements were found, maximum allowed is " + MAX_STATEMENTS + ".");
            }
            ObjectNode s = statements.addObject();
            s.put("Sid", in.label());
            s.put("Effect", "Allow");
            ArrayNode principals = s.putObject("Principal").putArray("AWS");
            for (String a : in.awsAccountIds()) principals.add("arn:aws:iam::" + a + ":root");
            ArrayNode actions = s.putArray("Action");
            for (String a : in.actions()) actions.add("SQS:" + a);
            s.put("Resource", q.arn());
            engine.setAttributes(q, Map.of("Policy", policy.toString()));
        }
        return null;
    }

    public Void removePermission(RequestContext ctx, RemovePermissionRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        synchronized (permissionEdits) {
            ObjectNode policy = policy(q);
            ArrayNode statements = (ArrayNode) policy.withArray("Statement");
            for (int i = 0; i < statements.size(); i++) {
                if (in.label().equals(statements.get(i).path("Sid").asText())) {
                    statements.remove(i);
                    engine.setAttributes(q, Map.of("Policy", statements.isEmpty() ? "" : policy.toString()));
                    return null;
                }
            }
        }
        throw SqsErrors.invalidParameterValue("Label", in.label(), "can't find label on existing policy.");
    }

    private ObjectNode policy(Queue q) {
        String p = engine.getAttributes(q, List.of("Policy")).get("Policy");
        if (p != null && !p.isEmpty()) {
            try {
                return (ObjectNode) Json.mapper().readTree(p);
            } catch (Exception e) {
                // an unparseable policy set by SetQueueAttributes is replaced
            }
        }
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("Version", "2012-10-17");
        n.put("Id", q.arn() + "/SQSDefaultPolicy");
        n.putArray("Statement");
        return n;
    }

    // ---------------------------------------------------------------- message move tasks

    public StartMessageMoveTaskResult startMessageMoveTask(RequestContext ctx, StartMessageMoveTaskRequest in) {
        checkSource(ctx, in.sourceArn());
        return new StartMessageMoveTaskResult(moveTasks.start(in.sourceArn(), in.destinationArn(), in.maxNumberOfMessagesPerSecond()));
    }

    public ListMessageMoveTasksResult listMessageMoveTasks(RequestContext ctx, ListMessageMoveTasksRequest in) {
        checkSource(ctx, in.sourceArn());
        if (engine.queueByArn(in.sourceArn()) == null) {
            throw SqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
        }
        int max = in.maxResults() == null ? 1 : in.maxResults();
        if (max < 1 || max > 10) throw SqsErrors.invalidParameterValue("MaxResults", max, "must be between 1 and 10.");
        List<ListMessageMoveTasksResultEntry> out = new ArrayList<>();
        for (MessageMoveTasks.Listed t : moveTasks.list(in.sourceArn(), max)) {
            out.add(new ListMessageMoveTasksResultEntry(t.handle(), t.status(), t.sourceArn(), t.destinationArn(), t.rate(),
                    t.moved(), t.toMove(),
                    t.failureReason(), t.startedAt()));
        }
        return new ListMessageMoveTasksResult(out);
    }

    /** A move task's source queue, when it exists, must be the caller's own. */
    private void checkSource(RequestContext ctx, String sourceArn) {
        Queue source = sourceArn == null ? null : engine.queueByArn(sourceArn);
        if (source != null) QueueAccess.check(ctx, source, url(ctx, source));
    }

    public CancelMessageMoveTaskResult cancelMessageMoveTask(RequestContext ctx, CancelMessageMoveTaskRequest in) {
        return new CancelMessageMoveTaskResult(moveTasks.cancel(in.taskHandle()));
    }

    // ---------------------------------------------------------------- messages

    /** Answered once the message is committed (group commit: many sends share one H2 transaction). */
    public CompletionStage<SendMessageResult> sendMessage(RequestContext ctx, SendMessageRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        SendRequest req = sendRequest(ctx, in.messageBody(), in.delaySeconds(), in.messageAttributes(),
                in.messageSystemAttributes(), in.messageGroupId(), in.messageDeduplicationId());
        engine.validate(q, req);
        return engine.sendValidated(q, List.of(req)).thenApply(rs -> {
            SendResult r = rs.get(0);
            return new SendMessageResult(r.md5OfBody(), r.md5OfAttributes(), r.md5OfSystemAttributes(), r.messageId(), r.sequenceNumber());
        });
    }

    public CompletionStage<SendMessageBatchResult> sendMessageBatch(RequestContext ctx, SendMessageBatchRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        checkBatch(in.entries(), SendMessageBatchRequestEntry::id);
        int total = 0;
        List<SendRequest> ok = new ArrayList<>();
        List<String> okIds = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        List<SendRequest> all = new ArrayList<>();
        for (SendMessageBatchRequestEntry e : in.entries()) {
            SendRequest r = sendRequest(ctx, e.messageBody(), e.delaySeconds(), e.messageAttributes(),
                    e.messageSystemAttributes(), e.messageGroupId(), e.messageDeduplicationId());
            all.add(r);
            total += SqsEngine.size(r);
        }
        if (total > io.awsemu.sqs.engine.QueueAttributes.MAX_MESSAGE_SIZE) {
            throw SqsErrors.batchRequestTooLong(total, io.awsemu.sqs.engine.QueueAttributes.MAX_MESSAGE_SIZE);
        }
        for (int i = 0; i < all.size(); i++) {
            try {
                engine.validate(q, all.get(i));
                ok.add(all.get(i));
                okIds.add(in.entries().get(i).id());
            } catch (AwsException ex) {
                failed.add(failure(in.entries().get(i).id(), ex));
            }
        }
        CompletableFuture<List<SendResult>> sent = ok.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : engine.sendValidated(q, ok);
        return sent.thenApply(results -> {
            List<SendMessageBatchResultEntry> successful = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                SendResult r = results.get(i);
                successful.add(new SendMessageBatchResultEntry(okIds.get(i), r.messageId(), r.md5OfBody(),
                        r.md5OfAttributes(), r.md5OfSystemAttributes(), r.sequenceNumber()));
            }
            return new SendMessageBatchResult(successful, failed);
        });
    }

    private SendRequest sendRequest(RequestContext ctx, String body, Integer delay, Map<String, MessageAttributeValue> attrs,
                                    Map<String, MessageSystemAttributeValue> sys, String groupId, String dedupId) {
        Map<String, MessageAttribute> a = new LinkedHashMap<>();
        if (attrs != null) {
            for (Map.Entry<String, MessageAttributeValue> e : attrs.entrySet()) {
                MessageAttributeValue v = e.getValue();
                if (v.stringListValues() != null && !v.stringListValues().isEmpty()
                        || v.binaryListValues() != null && !v.binaryListValues().isEmpty()) {
                    throw SqsErrors.invalidParameterValue("Message attribute list values in SendMessage operation are not supported.");
                }
                a.put(e.getKey(), new MessageAttribute(v.dataType(), v.stringValue(), v.binaryValue()));
            }
        }
        String trace = null;
        if (sys != null) {
            for (Map.Entry<String, MessageSystemAttributeValue> e : sys.entrySet()) {
                if (!"AWSTraceHeader".equals(e.getKey())) {
                    throw SqsErrors.invalidParameterValue("Message system attribute name '" + e.getKey() + "' is invalid.");
                }
                if (!"String".equals(e.getValue().dataType()) || e.getValue().stringValue() == null) {
                    throw SqsErrors.invalidParameterValue("Message system attribute 'AWSTraceHeader' must be of type String.");
                }
                trace = e.getValue().stringValue();
            }
        }
        return new SendRequest(body, delay, a, trace, groupId, dedupId, ctx.accountId());
    }

    public CompletionStage<ReceiveMessageResult> receiveMessage(RequestContext ctx, ReceiveMessageRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        int max = in.maxNumberOfMessages() == null ? 1 : in.maxNumberOfMessages();
        if (max < 1 || max > 10) {
            throw SqsErrors.invalidParameterValue("MaxNumberOfMessages", max, "Must be between 1 and 10, if provided.");
        }
        Integer wait = in.waitTimeSeconds();
        if (wait != null && (wait < 0 || wait > 20)) {
            throw SqsErrors.invalidParameterValue("WaitTimeSeconds", wait, "Must be >= 0 and <= 20, if provided.");
        }
        Integer vt = in.visibilityTimeout();
        if (vt != null && (vt < 0 || vt > 43_200)) {
            throw SqsErrors.invalidParameterValue("VisibilityTimeout", vt, "Must be >= 0 and <= 43200, if provided.");
        }
        if (wait == null) wait = engine.receiveWaitTimeSeconds(q);
        Set<String> sysNames = new HashSet<>();
        if (in.attributeNames() != null) sysNames.addAll(in.attributeNames());
        if (in.messageSystemAttributeNames() != null) sysNames.addAll(in.messageSystemAttributeNames());
        List<String> attrNames = in.messageAttributeNames() == null ? List.of() : in.messageAttributeNames();
        Function<List<Delivery>, ReceiveMessageResult> render = ds -> result(ds, sysNames, attrNames);
        SqsEngine.Received now = engine.receiveAsync(q, max, vt, in.receiveRequestAttemptId(), wait == 0);
        if (!now.deliveries().isEmpty() || wait == 0) return now.written().thenApply(v -> render.apply(now.deliveries()));
        return longPolls.await(q, wait * 1000L, () -> engine.receiveAsync(q, max, vt, in.receiveRequestAttemptId()))
                .thenApply(render);
    }

    private static ReceiveMessageResult result(List<Delivery> ds, Set<String> sysNames, List<String> attrNames) {
        if (ds.isEmpty()) return new ReceiveMessageResult(null);
        boolean allSys = sysNames.contains("All");
        List<Message> out = new ArrayList<>();
        for (Delivery d : ds) {
            Map<String, String> sys = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : d.systemAttributes().entrySet()) {
                if (allSys || sysNames.contains(e.getKey())) sys.put(e.getKey(), e.getValue());
            }
            Map<String, MessageAttribute> picked = new LinkedHashMap<>();
            for (Map.Entry<String, MessageAttribute> e : d.attributes().entrySet()) {
                if (wanted(e.getKey(), attrNames)) picked.put(e.getKey(), e.getValue());
            }
            Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
            picked.forEach((k, v) -> attrs.put(k, new MessageAttributeValue(v.stringValue(), v.binaryValue(), null, null, v.dataType())));
            out.add(new Message(d.messageId(), d.receiptHandle(), d.md5OfBody(), d.body(), sys.isEmpty() ? null : sys,
                    io.awsemu.sqs.engine.Md5s.attributes(picked), attrs.isEmpty() ? null : attrs));
        }
        return new ReceiveMessageResult(out);
    }

    private static boolean wanted(String name, List<String> patterns) {
        for (String p : patterns) {
            if (p.equals("All") || p.equals(".*") || p.equals(name)) return true;
            if (p.endsWith(".*") && name.startsWith(p.substring(0, p.length() - 1))) return true;
        }
        return false;
    }

    public CompletionStage<Void> deleteMessage(RequestContext ctx, DeleteMessageRequest in) {
        return engine.deleteMessageAsync(queue(ctx, in.queueUrl()), in.receiptHandle());
    }

    public CompletionStage<DeleteMessageBatchResult> deleteMessageBatch(RequestContext ctx, DeleteMessageBatchRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        checkBatch(in.entries(), DeleteMessageBatchRequestEntry::id);
        List<DeleteMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        List<String> handles = new ArrayList<>();
        for (DeleteMessageBatchRequestEntry e : in.entries()) handles.add(e.receiptHandle());
        SqsEngine.BatchDeleted done = engine.deleteMessages(q, handles);
        for (int i = 0; i < in.entries().size(); i++) {
            AwsException err = done.errors().get(i);
            if (err == null) ok.add(new DeleteMessageBatchResultEntry(in.entries().get(i).id()));
            else failed.add(failure(in.entries().get(i).id(), err));
        }
        return done.written().thenApply(v -> new DeleteMessageBatchResult(ok, failed));
    }

    public CompletionStage<Void> changeMessageVisibility(RequestContext ctx, ChangeMessageVisibilityRequest in) {
        return engine.changeVisibilityAsync(queue(ctx, in.queueUrl()), in.receiptHandle(), in.visibilityTimeout());
    }

    public CompletionStage<ChangeMessageVisibilityBatchResult> changeMessageVisibilityBatch(RequestContext ctx,
                                                                                         ChangeMessageVisibilityBatchRequest in) {
        Queue q = queue(ctx, in.queueUrl());
        checkBatch(in.entries(), ChangeMessageVisibilityBatchRequestEntry::id);
        List<ChangeMessageVisibilityBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ChangeMessageVisibilityBatchRequestEntry e : in.entries()) {
            try {
                writes.add(engine.changeVisibilityAsync(q, e.receiptHandle(), e.visibilityTimeout() == null ? 0 : e.visibilityTimeout()));
                ok.add(new ChangeMessageVisibilityBatchResultEntry(e.id()));
            } catch (AwsException ex) {
                failed.add(failure(e.id(), ex));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ChangeMessageVisibilityBatchResult(ok, failed));
    }

    /** [A-Za-z0-9_-]{1,80}, by hand: checked for every entry of every batch. */
    private static boolean batchId(String id) {
        if (id == null || id.isEmpty() || id.length() > 80) return false;
        for (int k = 0; k < id.length(); k++) {
            char c = id.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
        }
        return true;
    }

    private static <E> void checkBatch(List<E> entries, Function<E, String> id) {
        if (entries == null || entries.isEmpty()) throw SqsErrors.emptyBatchRequest();
        if (entries.size() > 10) throw SqsErrors.tooManyEntriesInBatchRequest(entries.size());
        Set<String> seen = new HashSet<>();
        for (E e : entries) {
            String i = id.apply(e);
            if (!batchId(i)) throw SqsErrors.invalidBatchEntryId(i);
            if (!seen.add(i)) throw SqsErrors.batchEntryIdsNotDistinct(i);
        }
    }

    private static BatchResultErrorEntry failure(String id, AwsException e) {
        return new BatchResultErrorEntry(id, e.senderFault(), e.code(), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    /** The queue {@code url} names, once the caller is found to be allowed the request's operation on it. */
    Queue queue(RequestContext ctx, String url) {
        Queue q = resolve(ctx, url);
        QueueAccess.check(ctx, q, url);
        return q;
    }

    /** The queue {@code url} names, whoever asks (the developer endpoints). */
    Queue resolve(RequestContext ctx, String url) {
        QueueUrls.Parsed p = QueueUrls.parse(url);
        if (p == null) throw SqsErrors.queueDoesNotExist();
        return engine.queue(new QueueKey(p.account(), ctx.region(), p.name()));
    }

    String url(RequestContext ctx, Queue q) {
        return QueueUrls.build(hostname, port(ctx), q.key.account(), q.key.name());
    }

    /** The port the client used: the Host header's, else the socket's. */
    static int port(RequestContext ctx) {
        String host = ctx.request() == null ? null : ctx.request().header("Host");
        if (host != null) {
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']') < colon) {
                try {
                    return Integer.parseInt(host.substring(colon + 1).trim());
                } catch (NumberFormatException ignored) {
                    // falls back to the socket
                }
            }
            return 0;
        }
        return ctx.request() != null && ctx.request().localAddress() != null ? ctx.request().localAddress().getPort() : 4566;
    }
}
