package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code BatchResultErrorEntry}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResultErrorEntry(
        @JsonProperty("Id") String id,
        @JsonProperty("SenderFault") Boolean senderFault,
        @JsonProperty("Code") String code,
        @JsonProperty("Message") String message) {}
