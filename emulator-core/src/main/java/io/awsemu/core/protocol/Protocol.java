package io.awsemu.core.protocol;

/** The wire protocols of the services we serve (botocore's names in comments). */
public enum Protocol {
    QUERY,      // "query": Action+Version form/query params, XML answers with <XResult> wrappers
    EC2,        // "ec2": Query variant, no result wrapper, <requestId>, capitalised param names
    JSON_1_0,   // "json" jsonVersion 1.0 (SQS since 2023), X-Amz-Target
    JSON_1_1,   // "json" jsonVersion 1.1
    REST_XML    // "rest-xml": S3 (hand-routed) and CloudFront (model-routed)
}
