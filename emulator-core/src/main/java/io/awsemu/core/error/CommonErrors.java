package io.awsemu.core.error;

/** Errors shared by every protocol. Services add their own in {@code XxxErrors}. */
public final class CommonErrors {
    private CommonErrors() {}

    public static AwsException invalidAction(String action) {
        return new AwsException("InvalidAction", 400,
                "The action or operation requested is invalid. Verify that the action is typed correctly.")
                .with("Action", action);
    }

    public static AwsException unknownOperation(String target) {
        return new AwsException("UnknownOperationException", 400, "Unknown operation " + target);
    }

    public static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", 400,
                "The request must contain the parameter " + name);
    }

    public static AwsException missingAction() {
        return new AwsException("MissingAction", 400, "The request must contain the parameter Action");
    }

    public static AwsException invalidParameterValue(String message) {
        return new AwsException("InvalidParameterValue", 400, message);
    }

    public static AwsException invalidParameterCombination(String message) {
        return new AwsException("InvalidParameterCombination", 400, message);
    }

    public static AwsException malformedQueryString(String message) {
        return new AwsException("MalformedQueryString", 404, message);
    }

    public static AwsException notImplemented(String operation) {
        return new AwsException("NotImplemented", 501, false,
                "The operation " + operation + " is not implemented by awsemu yet.", null);
    }

    public static AwsException internalFailure(Throwable cause) {
        return new AwsException("InternalFailure", 500, false,
                "The request processing has failed because of an unknown error, exception or failure.", cause);
    }

    public static AwsException serviceUnavailable() {
        return new AwsException("ServiceUnavailable", 503, false,
                "The request has failed due to a temporary failure of the server.", null);
    }

    public static AwsException requestEntityTooLarge(long limit) {
        return new AwsException("RequestEntityTooLarge", 413,
                "Request body larger than the limit of " + limit + " bytes.");
    }

    /** Raised when a service needs a runtime (Docker, loop devices, a database engine) that is not there. */
    public static AwsException runtimeUnavailable(String what, String why) {
        return new AwsException("Unsupported", 400,
                what + " needs " + why + ", which awsemu cannot reach on this host.");
    }
}
