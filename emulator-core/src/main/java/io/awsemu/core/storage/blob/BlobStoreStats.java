package io.awsemu.core.storage.blob;

/**
 * What a blob store holds, for the health endpoint and tests: committed blobs, writers in progress
 * (or dead, awaiting the collector), and how many distinct blob ids own chunks.
 */
public record BlobStoreStats(long committed, long pending, long chunkOwners) {}
