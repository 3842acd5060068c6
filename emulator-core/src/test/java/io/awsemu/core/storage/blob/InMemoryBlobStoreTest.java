package io.awsemu.core.storage.blob;

import java.nio.file.Path;

class InMemoryBlobStoreTest extends BlobStoreContractTest {
    @Override
    BlobStore open(Path dir, int chunkSize, MutableClock clock) {
        return new InMemoryBlobStore(clock);
    }

    @Override
    BlobStoreStats stats(BlobStore store) {
        return ((InMemoryBlobStore) store).stats();
    }
}
