/**
 * Model-driven wire protocols. {@link io.awsemu.core.protocol.ProtocolCodecs#create} builds one
 * {@link io.awsemu.core.protocol.ProtocolCodec} per (protocol, model, quirks).
 *
 * <h2>The canonical tree (the contract services code against)</h2>
 * Inputs and outputs are Jackson {@code ObjectNode}s keyed by <b>model member names</b> (never
 * locationName/queryName). Lists are arrays, maps objects, booleans booleans, integers/longs/doubles
 * numbers, blobs base64 text. Input timestamps are ISO-8601 text ({@code Instant.toString()}); output
 * timestamps may be ISO text, epoch-second numbers or {@code POJONode(Instant)}, and are written per
 * protocol: Query/EC2/XML ISO 8601 with millis, JSON epoch seconds, REST headers RFC 1123 unless the
 * model's timestampFormat says otherwise. Output members that are absent or null are omitted.
 *
 * <h2>Front-end sequence</h2>
 * <pre>
 * String op = codec.operationName(head, params);          // may throw (MissingAction)
 * if (op == null) throw codec.unknownOperation(head, params);
 * ObjectNode in = codec.parseInput(op, head, params, body); // validates required members
 * AwsResponse r = codec.writeOutput(op, handlerOutput, ctx); // or codec.writeError(e, ctx)
 * </pre>
 * {@code params} is the decoded query string, merged (Query/EC2) with the form body decoded with
 * '+' as space; {@code ctx.apiVersion()} must hold the request's {@code Version} (legacy namespaces).
 */
package io.awsemu.core.protocol;
