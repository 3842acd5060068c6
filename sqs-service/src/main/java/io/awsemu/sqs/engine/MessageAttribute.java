package io.awsemu.sqs.engine;

/** One message attribute: String/Number types carry {@code stringValue}, Binary types {@code binaryValue}. */
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
    public boolean binary() {
        return binaryValue != null && stringValue == null;
    }

    /** Bytes counted against MaximumMessageSize: name + type + value. */
    int size(String name) {
        int v = stringValue != null ? Md5s.utf8(stringValue).length : binaryValue == null ? 0 : binaryValue.length;
        return Md5s.utf8(name).length + Md5s.utf8(dataType).length + v;
    }
}
