package io.awsemu.s3.select;

import io.awsemu.core.error.AwsException;

/**
 * An S3 Select error with S3's code (ParseUnexpectedToken, CastFailed, InvalidColumnIndex, ...). Before the response
 * starts it is an HTTP 400 with the usual XML error; once records are streaming it goes out as an error event.
 */
public class SelectException extends AwsException {
    public SelectException(String code, String message) {
        super(code, 400, message);
    }
}
