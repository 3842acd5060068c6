package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code BatchPutAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchPutAttributesRequest(
        @JsonProperty("DomainName") String domainName,
        @JsonProperty("Items") List<ReplaceableItem> items) {}
