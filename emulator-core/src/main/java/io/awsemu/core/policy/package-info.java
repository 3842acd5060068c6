/**
 * IAM's access policy language, shared by the services whose resources carry a policy (S3 bucket policies, SQS
 * queue policies): parsing with a service's own rules and error, and evaluation of one request.
 */
package io.awsemu.core.policy;
