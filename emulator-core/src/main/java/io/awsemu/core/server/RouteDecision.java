package io.awsemu.core.server;

import io.awsemu.core.auth.AuthResult;
import io.awsemu.core.error.AwsException;

/**
 * What the event loop decided from the head: which service, whether the body streams, and the
 * auth precheck's result; or an error to answer at once (before any body is read).
 */
public record RouteDecision(BoundService service, String virtualHostBucket, boolean needsForm,
                            boolean stream, AuthResult auth, AwsException error) {

    static RouteDecision error(BoundService service, AwsException e) {
        return new RouteDecision(service, null, false, false, null, e);
    }

    public boolean failed() { return error != null; }

    public boolean streamBody() { return stream; }
}
