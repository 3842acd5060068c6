package io.awsemu.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.protocol.ProtocolCodecs;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.service.AsyncOperationHandler;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.OperationHandler;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceDescriptor;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * One started service: its plugin, its bound handlers and its codecs. Models and codecs load lazily
 * on first use (the EC2 model alone is 3 MB), so start-up stays fast.
 */
final class BoundService implements ServiceBinder {
    final AwsServicePlugin plugin;
    final ServiceDescriptor descriptor;
    private final java.util.function.Supplier<ObjectMapper> mapper;
    private final Map<String, Bound> operations = new HashMap<>();
    private final Map<Protocol, ProtocolCodec> codecs = new EnumMap<>(Protocol.class);
    private final Set<String> eventLoopOperations = new java.util.HashSet<>();
    private volatile ServiceModel primaryModel;
    RawHandler raw;
    Predicate<HttpRequestHead> streamBody = h -> false;
    ProtocolQuirks quirks = ProtocolQuirks.NONE;

    /**
     * A bound operation, erased: input tree -> the handler's output, maybe later. The output becomes a
     * tree ({@link #toTree}) where the answer is written, not on the thread that completes it.
     */
    interface Bound {
        CompletionStage<?> invoke(RequestContext ctx, JsonNode input);
    }

    BoundService(AwsServicePlugin plugin, java.util.function.Supplier<ObjectMapper> mapper) {
        this.plugin = plugin;
        this.descriptor = plugin.descriptor();
        this.mapper = mapper;
    }

    String id() { return descriptor.serviceId(); }

    @Override
    public <I, O> void operation(String name, Class<I> inputType, OperationHandler<I, O> handler) {
        bind(name, (ctx, tree) -> CompletableFuture.completedFuture(handler.handle(ctx, fromTree(tree, inputType))));
    }

    @Override
    public <I, O> void asyncOperation(String name, Class<I> inputType, AsyncOperationHandler<I, O> handler) {
        bind(name, (ctx, tree) -> handler.handle(ctx, fromTree(tree, inputType)));
    }

    private void bind(String name, Bound b) {
        if (operations.putIfAbsent(name, b) != null) {
            throw new IllegalStateException(id() + ": operation " + name + " bound twice");
        }
    }

    @Override
    public void raw(RawHandler handler, Predicate<HttpRequestHead> streamBody) {
        this.raw = handler;
        this.streamBody = streamBody;
    }

    final Map<String, RawHandler> developerEndpoints = new java.util.LinkedHashMap<>();

    @Override
    public void developerEndpoint(String pathPrefix, RawHandler handler) {
        developerEndpoints.put(pathPrefix, handler);
    }

    @Override
    public void quirks(ProtocolQuirks quirks) {
        this.quirks = quirks;
    }

    @Override
    public void eventLoopOperations(String... names) {
        for (String n : names) {
            if (!operations.containsKey(n)) throw new IllegalStateException(id() + ": " + n + " is not bound");
            eventLoopOperations.add(n);
        }
    }

    /** A JSON request for one of {@link #eventLoopOperations}: it may run on the event loop. */
    boolean runsOnEventLoop(HttpRequestHead head) {
        if (eventLoopOperations.isEmpty()) return false;
        String target = head.header("X-Amz-Target");
        return target != null && eventLoopOperations.contains(target.substring(target.lastIndexOf('.') + 1));
    }

    Bound operation(String name) { return operations.get(name); }

    Set<String> boundOperations() { return operations.keySet(); }

    @SuppressWarnings("unchecked")
    private <I> I fromTree(JsonNode tree, Class<I> type) {
        if (type.isInstance(tree)) return (I) tree;
        try {
            return mapper.get().treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw io.awsemu.core.error.CommonErrors.invalidParameterValue("Invalid request: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw io.awsemu.core.error.CommonErrors.invalidParameterValue("Invalid request: " + e.getMessage());
        }
    }

    JsonNode toTree(Object out) {
        if (out == null) return null;
        if (out instanceof JsonNode n) return n;
        return mapper.get().valueToTree(out);
    }

    /** The protocol a request speaks: JSON when it carries X-Amz-Target, else the service's XML protocol. */
    Protocol protocolOf(HttpRequestHead head) {
        List<Protocol> ps = descriptor.protocols();
        if (ps.size() == 1) return ps.get(0);
        boolean json = head.header("X-Amz-Target") != null
                || head.headers().get("Content-Type", "").toLowerCase(Locale.ROOT).startsWith("application/x-amz-json");
        for (Protocol p : ps) {
            boolean isJson = p == Protocol.JSON_1_0 || p == Protocol.JSON_1_1;
            if (isJson == json) return p;
        }
        return ps.get(0);
    }

    /** The codec for {@code p}, loading the model on first use. */
    ProtocolCodec codec(Protocol p) {
        synchronized (codecs) {
            ProtocolCodec c = codecs.get(p);
            if (c == null) {
                int i = descriptor.protocols().indexOf(p);
                ServiceModel model = descriptor.models().isEmpty() ? null
                        : ServiceModel.load(descriptor.models().get(i), plugin.getClass().getClassLoader());
                if (i == 0) primaryModel = model;
                c = ProtocolCodecs.create(p, model, quirks);
                codecs.put(p, c);
            }
            return c;
        }
    }

    /** Operation names of the primary model (Action routing); empty for model-less services. */
    Set<String> modelOperations() {
        if (descriptor.models().isEmpty()) return Set.of();
        if (primaryModel == null) codec(descriptor.primaryProtocol());
        return primaryModel.operations().keySet();
    }

    /** Loads models and codecs now (called in the background after the port is open). */
    void preload() {
        for (Protocol p : descriptor.protocols()) codec(p);
    }
}
