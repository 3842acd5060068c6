package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The model shape {@code DeleteMessageBatchResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteMessageBatchResult(
        @JsonProperty("Successful") List<DeleteMessageBatchResultEntry> successful,
        @JsonProperty("Failed") List<BatchResultErrorEntry> failed) {}
