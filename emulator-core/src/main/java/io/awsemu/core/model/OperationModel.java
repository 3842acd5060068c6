package io.awsemu.core.model;

import java.util.List;

/**
 * One operation: its HTTP binding, input and output shapes and declared errors.
 *
 * @param name           the model's operation key ("CreateDistribution", without CloudFront's
 *                       "2020_05_31" suffix that only the {@code name} field carries)
 * @param httpMethod     "POST" for Query/EC2/JSON
 * @param requestUri     "/" or a REST template such as {@code /2020-05-31/distribution/{Id}/config}
 * @param responseCode   the success status (200 unless the model says 201/204)
 * @param input          input shape or null
 * @param output         output shape or null
 * @param resultWrapper  Query's {@code <XResult>} element name, or null
 * @param inputLocationName REST-XML root element of a body without payload member, or null
 * @param inputXmlNamespace that root's namespace, or null
 * @param errors         declared error shapes
 */
public record OperationModel(String name, String httpMethod, String requestUri, int responseCode,
                             Shape input, Shape output, String resultWrapper,
                             String inputLocationName, String inputXmlNamespace, List<Shape> errors) {
}
