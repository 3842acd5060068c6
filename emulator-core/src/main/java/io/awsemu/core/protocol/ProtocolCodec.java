package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.service.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * One protocol spoken for one service: built from the service's model (null for S3) and quirks.
 * Parses requests into a canonical tree keyed by model member names, and writes results and errors
 * by the model's rules. Stateless after construction; used from many threads.
 *
 * <p>{@code params} is the decoded query string merged with a form-encoded body (Query/EC2); for
 * other protocols it is the decoded query string.
 */
public interface ProtocolCodec {
    Protocol protocol();

    /**
     * The model operation this request names: {@code Action}, {@code X-Amz-Target}'s suffix, or the
     * REST route. Null when it names none the model has (caller answers InvalidAction /
     * UnknownOperationException); throws {@link AwsException} when the request is malformed.
     */
    String operationName(HttpRequestHead head, Map<String, List<String>> params);

    /** The operation's input as a tree of model member names; validates required members. */
    ObjectNode parseInput(String operation, HttpRequestHead head, Map<String, List<String>> params, byte[] body);

    /** The answer for a successful operation ({@code output} may be null for no output shape). */
    AwsResponse writeOutput(String operation, JsonNode output, RequestContext ctx);

    /** The protocol's error envelope for {@code error}, with the request id. */
    AwsResponse writeError(AwsException error, RequestContext ctx);

    /** The protocol's answer for an operation in the model that awsemu does not implement yet. */
    default AwsException notImplemented(String operation) {
        return io.awsemu.core.error.CommonErrors.notImplemented(operation);
    }

    /**
     * The error for a request {@link #operationName} found no operation for: {@code InvalidAction}
     * (Query/EC2), {@code UnknownOperationException} (JSON), the REST protocol's own.
     */
    default AwsException unknownOperation(HttpRequestHead head, Map<String, List<String>> params) {
        List<String> action = params == null ? null : params.get("Action");
        String a = action == null || action.isEmpty() ? "" : action.get(0);
        return new AwsException("InvalidAction", 400, "The action " + a + " is not valid for this web service.");
    }
}
