package io.awsemu.s3;

import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.Bucket;

/**
 * Whether the website endpoint may serve {@code key} of {@code bucket} to this (anonymous) request.
 * Website endpoints only serve what the bucket's ACLs and policy let everyone read; the access-control
 * work plugs its evaluation in here. Until then everything is readable ({@link #ALLOW_ALL}).
 */
@FunctionalInterface
public interface WebsiteReadAccess {
    boolean mayRead(RequestContext ctx, Bucket bucket, String key);

    WebsiteReadAccess ALLOW_ALL = (ctx, bucket, key) -> true;
}
