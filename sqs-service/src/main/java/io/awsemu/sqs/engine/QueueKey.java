package io.awsemu.sqs.engine;

/** A queue's identity: account, region, name. */
public record QueueKey(String account, String region, String name) {
    public String arn() {
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }

    /** The key an ARN names, or null when it is no SQS queue ARN. */
    public static QueueKey fromArn(String arn) {
        if (arn == null) return null;
        String[] p = arn.split(":", -1);
        if (p.length != 6 || !"arn".equals(p[0]) || !"sqs".equals(p[2])) return null;
        return new QueueKey(p[4], p[3], p[5]);
    }
}
