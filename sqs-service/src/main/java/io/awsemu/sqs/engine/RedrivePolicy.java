package io.awsemu.sqs.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the two fields of a RedrivePolicy JSON document (maxReceiveCount may be a number or a string). */
final class RedrivePolicy {
    private RedrivePolicy() {}

    private static final Pattern TARGET = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MAX = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?\\s*(-?\\d+)\\s*\"?");

    static String targetArn(String json) {
        Matcher m = TARGET.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static Integer maxReceiveCount(String json) {
        Matcher m = MAX.matcher(json);
        if (!m.find()) return null;
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
