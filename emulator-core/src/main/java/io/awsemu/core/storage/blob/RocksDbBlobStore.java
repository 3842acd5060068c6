package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.concurrent.Background;
import io.awsemu.core.storage.KeyValueStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ChecksumType;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.EnvOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Blobs in RocksDB as fixed-size chunks. Column families:
 * <ul>
 *   <li>{@code chunks}: {@code blobId(16) ‖ chunkIndex(8, big-endian)} → chunk bytes; integrated
 *       BlobDB keeps chunks ≥ 64 KiB in blob files so compaction moves keys, not object data;</li>
 *   <li>{@code headers}: {@code blobId} → size, commit time, chunk size, MD5, checksums (one per
 *       committed blob; its presence is what "committed" means);</li>
 *   <li>{@code pending}: {@code blobId} → start time, written before the first chunk and removed
 *       atomically with the header write or the abort, so a writer killed mid-way leaves a marker
 *       {@link #collectOrphans} finds;</li>
 *   <li>{@code records}: the {@link KeyValueStore} of {@link #records()} (small, frequently written
 *       records of services, e.g. SQS messages), sharing this database's WAL rather than opening a
 *       second RocksDB (start-up time, memory).</li>
 * </ul>
 * Chunks are written without sync; {@link BlobWriter#commit()} writes the last chunk and the header
 * in one batch and waits for a WAL sync ({@link WalSyncs}) that covers it and every earlier chunk.
 * Past {@link #DEFAULT_WAL_CHUNKS} chunks a blob's chunks skip the WAL and the memtable: the writer
 * appends them, in key order, to an SST file of the blob's own under {@code ingest/} (block checksums
 * XXH3, which this rocksdbjni build computes fast; its CRC32C has no hardware support), and commit
 * ingests that file into the chunk column family (RocksDB fsyncs it and moves it into its LSM tree)
 * before the durable header write. So a large object's bytes are written once and checksummed
 * cheaply, never copied through the memtable and rewritten by a flush. The file's key range is the
 * blob's own, so ingestion needs no memtable flush and places it at the lowest level without
 * overlap, where no compaction rewrites it until the blob is deleted.
 * Concurrent committers share fsyncs ({@link WalSyncs}), and no write waits for another's fsync.
 * Sized for a 2-core box: two background jobs, 8 MiB block cache, memtables capped at 48 MiB total.
 */
public final class RocksDbBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDbBlobStore.class);

    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    public static final int DEFAULT_WAL_CHUNKS = 2;
    private static final byte HEADER_VERSION = 1;
    /** Up to this many chunks a blob is removed by point deletes; beyond, one range tombstone. */
    private static final int POINT_DELETE_MAX = 64;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final int chunkSize;
    private final Clock clock;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle headers;
    private final ColumnFamilyHandle pending;
    private final ColumnFamilyHandle recordsCf;
    private final KeyValueStore records = new Records();
    /** Every write goes to the WAL unsynced; a durable one then waits for {@link #walSyncs}. */
    private final WriteOptions asyncWrite;
    /** {@link #asyncWrite} that fails at once (status Incomplete) where RocksDB would slow or stop the write. */
    private final WriteOptions noWaitWrite;
    private final WalSyncs walSyncs;
    private final Path ingestDir;
    private final EnvOptions sstEnv;
    private final Options sstOptions;
    private final IngestExternalFileOptions ingestOptions;
    private final ReadOptions readOptions;
    private final int walChunks;
    /**
     * Direct buffers full chunks are cut in on their way to RocksDB: a put from a byte[] makes the JNI
     * layer malloc a 1 MiB block and copy the value into it first; from a direct buffer RocksDB (the
     * memtable or the SST writer) reads it in place. A writer holds one from its second chunk on, so
     * the bytes are copied once on their way in; idle ones are kept for the next writers.
     */
    private final ArrayBlockingQueue<ByteBuffer> chunkBuffers = new ArrayBlockingQueue<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    /** A chunk key as a direct buffer, per thread (event loops reading, writers putting chunks). */
    private static final ThreadLocal<ByteBuffer> DIRECT_KEY = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(24));
    private final Set<BlobId> writing = ConcurrentHashMap.newKeySet();
    /**
     * Removes discarded blobs off the caller's way (a removal of many chunks is not free, and it once waited
     * for the fsync of a commit ahead of it in RocksDB's write group). One thread, started on the first discard and
     * ended when idle; {@link #stats} and {@link #close} carry out what it holds at once.
     */
    private final ScheduledThreadPoolExecutor discarder = Background.idleScheduler("awsemu-blob-discard", 10);
    /**
     * Reads each ingested SST file back into the page cache once, after its commit: see {@link CacheAgain}.
     * One thread, started by the first large upload and ended when idle; {@link #close} drops what it holds.
     */
    private final ThreadPoolExecutor cacher = Background.idlePool("awsemu-blob-cache", 1, 10);
    /**
     * What {@link CacheAgain} reads into, made at the first read-back and kept (a thread-local one would be left to a
     * GC each time the idle thread ends). Guarded by {@link #cacheAgainLock}.
     */
    private ByteBuffer cacheAgainBuffer;
    private final Object cacheAgainLock = new Object();
    /**
     * Reads of blobs larger than one chunk in progress (streams open): {@link CacheAgain} waits while there are any,
     * at most {@link #READ_BACK_MAX_WAIT_NANOS} per file, so that a background read-back does not take CPU from GETs.
     */
    private final AtomicInteger streaming = new AtomicInteger();
    static final long READ_BACK_MAX_WAIT_NANOS = 2_000_000_000L;
    /** How long a discarded blob stays readable: see {@link #discard}. */
    static final long DISCARD_GRACE_MILLIS = 5_000;
    /** Discarded, removal not begun. */
    private final Set<BlobId> discarding = ConcurrentHashMap.newKeySet();
    private final BlobReaders readers = new BlobReaders();
    /** Native handles must not be used after close: every call holds the read side. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /**
     * Shared by {@link KeyValueStore#writeNow} records writes, exclusive around an SST ingestion: an ingestion holds
     * up every writer until it has logged the file (a MANIFEST fsync), so a write that must not wait is refused while
     * one runs or waits to run. Fair, so that a steady stream of records writes cannot keep an ingestion out.
     */
    private final ReentrantReadWriteLock ingestions = new ReentrantReadWriteLock(true);
    private volatile boolean closed;

    public RocksDbBlobStore(Path dir) throws IOException {
        this(dir, DEFAULT_CHUNK_SIZE, Clock.systemUTC());
    }

    /** {@code chunkSize} applies to new blobs; each header records the size its blob was cut with. */
    public RocksDbBlobStore(Path dir, int chunkSize, Clock clock) throws IOException {
        this(dir, chunkSize, DEFAULT_WAL_CHUNKS, clock);
    }

    /**
     * {@code walChunks}: a blob's first chunks go through the WAL; past that many, the rest skip it
     * and go to an SST file of the blob's own that commit ingests, so a large object is written to
     * disk once rather than twice (WAL + blob file). Small blobs stay one durable batch.
     */
    public RocksDbBlobStore(Path dir, int chunkSize, int walChunks, Clock clock) throws IOException {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be positive");
        if (walChunks < 0) throw new IllegalArgumentException("walChunks must be >= 0");
        this.walChunks = walChunks;
        this.dir = dir.toAbsolutePath();
        this.chunkSize = chunkSize;
        this.clock = Objects.requireNonNull(clock);
        Files.createDirectories(this.dir);

        Cache cache = keep(new LRUCache(8L << 20));
        DBOptions dbo = keep(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setEnablePipelinedWrite(true)
                .setDbWriteBufferSize(48L << 20)
                .setMaxTotalWalSize(64L << 20)
                .setBytesPerSync(1L << 20)
                .setWalBytesPerSync(1L << 20)
                .setMaxOpenFiles(256)
                .setKeepLogFileNum(3)
                .setMaxLogFileSize(4L << 20)
                .setStatsDumpPeriodSec(0)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL));
        ColumnFamilyOptions chunkOpts = keep(new ColumnFamilyOptions()
                .setTableFormatConfig(table(cache))
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobFiles(true)
                .setMinBlobSize(64L << 10)
                .setBlobFileSize(128L << 20)
                .setBlobCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobGarbageCollection(true)
                .setBlobGarbageCollectionAgeCutoff(0.25)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(3));
        ColumnFamilyOptions smallOpts = keep(new ColumnFamilyOptions()
                .setTableFormatConfig(table(cache))
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(4L << 20)
                .setMaxWriteBufferNumber(2));
        List<ColumnFamilyDescriptor> cfds = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOpts),
                new ColumnFamilyDescriptor("chunks".getBytes(StandardCharsets.US_ASCII), chunkOpts),
                new ColumnFamilyDescriptor("headers".getBytes(StandardCharsets.US_ASCII), smallOpts),
                new ColumnFamilyDescriptor("pending".getBytes(StandardCharsets.US_ASCII), smallOpts),
                new ColumnFamilyDescriptor("records".getBytes(StandardCharsets.US_ASCII), smallOpts));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            db = RocksDB.open(dbo, this.dir.toString(), cfds, handles);
        } catch (RocksDBException e) {
            closeResources();
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("LOCK") || msg.toLowerCase().contains("lock hold")) {
                throw new IllegalStateException("blob store " + this.dir + " is already open (its RocksDB LOCK is held by "
                        + "another awsemu process or another store in this one); use another awsemu.dataDir", e);
            }
            throw new IOException("cannot open blob store " + this.dir + ": " + msg, e);
        }
        resources.addAll(0, handles); // handles close before the db and options (closeResources runs in order)
        chunks = handles.get(1);
        headers = handles.get(2);
        pending = handles.get(3);
        recordsCf = handles.get(4);
        asyncWrite = keep(new WriteOptions());
        noWaitWrite = keep(new WriteOptions().setNoSlowdown(true));
        walSyncs = new WalSyncs(db::syncWal);
        sstEnv = keep(new EnvOptions());
        // XXH3 block checksums: computed fast in software (RocksDB's CRC32C is not, in this build).
        // No filter: a chunk is read by its exact key, and a file holds one blob's chunks.
        sstOptions = keep(new Options()
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setChecksumType(ChecksumType.kXXH3)));
        // moved (linked) into the database, not copied; the key range is the blob's own, so no flush waits
        ingestOptions = keep(new IngestExternalFileOptions().setMoveFiles(true));
        ingestDir = this.dir.resolve("ingest");
        clearIngestDir();
        // Object bytes are read without RocksDB's per-read CRC32C of the blob record: the rocksdbjni build
        // has no hardware CRC32C ("Fast CRC32 supported: Not supported on x86" in its LOG), and its table
        // CRC cost ~1.3 ms of CPU per MiB, two thirds of a large GET's server CPU. The object's own
        // checksums (ETag, x-amz-checksum-*) go to the client, which can verify the object end to end.
        // Not cached: a chunk ingested in an SST is a 1 MiB data block that would evict the small CFs' blocks.
        readOptions = keep(new ReadOptions().setVerifyChecksums(false).setFillCache(false));
    }

    private static BlockBasedTableConfig table(Cache cache) {
        return new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(10))
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    public Path directory() { return dir; }

    /**
     * Removes the SST files of writers that died before their commit ingested them (nothing refers to
     * them: an ingested file is linked into the database and its name here unlinked).
     */
    private void clearIngestDir() throws IOException {
        Files.createDirectories(ingestDir);
        try (var files = Files.list(ingestDir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        }
    }

    public int chunkSize() { return chunkSize; }

    // ---- keys and headers -------------------------------------------------------------------

    static byte[] chunkKey(BlobId id, long index) {
        return ByteBuffer.allocate(24).putLong(id.hi()).putLong(id.lo()).putLong(index).array();
    }

    private static BlobId idOf(byte[] key) {
        ByteBuffer bb = ByteBuffer.wrap(key);
        return new BlobId(bb.getLong(), bb.getLong());
    }

    private record Header(BlobInfo info, long committedAt, int chunkSize) {
        long chunkCount() {
            return (info.size() + chunkSize - 1) / chunkSize;
        }
    }

    private static byte[] encode(BlobInfo info, long committedAt, int chunkSize) {
        int len = 1 + 8 + 8 + 4 + 16 + 1;
        for (Map.Entry<ChecksumAlgorithm, byte[]> e : info.checksums().entrySet()) {
            len += 1 + e.getKey().name().length() + 1 + e.getValue().length;
        }
        ByteBuffer bb = ByteBuffer.allocate(len).put(HEADER_VERSION).putLong(info.size()).putLong(committedAt)
                .putInt(chunkSize).put(info.md5()).put((byte) info.checksums().size());
        for (Map.Entry<ChecksumAlgorithm, byte[]> e : info.checksums().entrySet()) {
            byte[] name = e.getKey().name().getBytes(StandardCharsets.US_ASCII);
            bb.put((byte) name.length).put(name).put((byte) e.getValue().length).put(e.getValue());
        }
        return bb.array();
    }

    private static Header decode(BlobId id, byte[] v) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(v);
        if (bb.get() != HEADER_VERSION) throw new IOException("blob " + id + " has a header of unknown version " + v[0]);
        long size = bb.getLong();
        long committedAt = bb.getLong();
        int cs = bb.getInt();
        byte[] md5 = new byte[16];
        bb.get(md5);
        int n = bb.get();
        EnumMap<ChecksumAlgorithm, byte[]> sums = new EnumMap<>(ChecksumAlgorithm.class);
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[bb.get()];
            bb.get(name);
            byte[] d = new byte[bb.get()];
            bb.get(d);
            ChecksumAlgorithm a = ChecksumAlgorithm.fromName(new String(name, StandardCharsets.US_ASCII));
            if (a != null) sums.put(a, d);
        }
        return new Header(new BlobInfo(id, size, md5, sums.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(sums)), committedAt, cs);
    }

    // ---- lifecycle guard --------------------------------------------------------------------

    @FunctionalInterface
    private interface DbCall<T> {
        T run() throws RocksDBException, IOException;
    }

    /** Writes {@code b} to the WAL (in the OS when this returns); {@code durable}: on disk too. */
    private void writeBatch(WriteBatch b, boolean durable) throws RocksDBException {
        db.write(asyncWrite, b);
        if (durable) walSyncs.await();
    }

    /**
     * The fsyncs of durable writes, grouped outside RocksDB's write groups. A write with {@code sync=true} holds the
     * WAL while it fsyncs, so every write queued behind it waits for that fsync too, even one that asked for none: in
     * a wall-clock profile of 4 KiB PUTs a fifth of a PUT's time was its unsynced publish record (and SQS's records
     * would be the same) waiting behind other PUTs' synced blob commits. A durable write is now written unsynced,
     * like every other, and then waits here for a {@code SyncWAL} begun after it returned. RocksDB runs that fsync
     * without holding up writers; one runs at a time here, and it covers every write that returned before it began
     * (a durable writer takes its ticket after its write, the one who syncs reads the last ticket before syncing).
     */
    static final class WalSyncs {
        interface Sync {
            void run() throws RocksDBException;
        }

        private final Sync sync;
        /** Tickets handed out, one per durable write. */
        private long written;
        /** Every ticket up to this one is on disk. */
        private long synced;
        private boolean syncing;

        WalSyncs(Sync sync) {
            this.sync = sync;
        }

        /** Returns once a sync begun after this call has finished (the caller's write returned before it). */
        void await() throws RocksDBException {
            long covers;
            synchronized (this) {
                long ticket = ++written;
                boolean interrupted = false;
                while (synced < ticket && syncing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
                if (synced >= ticket) return;
                syncing = true;
                covers = written;
            }
            boolean done = false;
            try {
                sync.run();
                done = true;
            } finally {
                synchronized (this) {
                    syncing = false;
                    if (done) synced = Math.max(synced, covers);
                    notifyAll();
                }
            }
        }
    }

    private <T> T guarded(DbCall<T> call) throws IOException {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IOException("blob store " + dir + " is closed");
            return call.run();
        } catch (RocksDBException e) {
            throw new IOException("blob store " + dir + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Header header(BlobId id) throws IOException {
        return guarded(() -> {
            byte[] v = db.get(headers, id.toBytes());
            if (v == null) throw new NoSuchElementException("no blob " + id);
            return decode(id, v);
        });
    }

    // ---- BlobStore --------------------------------------------------------------------------

    @Override
    public BlobWriter create(Set<ChecksumAlgorithm> checksums) throws IOException {
        BlobDigester digester = new BlobDigester(checksums);
        return guarded(() -> new Writer(BlobId.random(), digester));
    }

    @Override
    public long size(BlobId id) throws IOException {
        return header(id).info.size();
    }

    /** The committed blob's digests; {@link NoSuchElementException} if absent. */
    public BlobInfo info(BlobId id) throws IOException {
        return header(id).info;
    }

    /** Validates a range; returns its exclusive end. A length past the end is cut to the end. */
    static long rangeEnd(BlobId id, long size, long offset, long length) {
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside blob " + id + " of " + size + " bytes");
        }
        if (length < -1) throw new IllegalArgumentException("length " + length);
        return length == -1 ? size : Math.min(size, offset + length);
    }

    @Override
    public InputStream read(BlobId id, long offset, long length) throws IOException {
        return stream(id, -1, offset, length);
    }

    /**
     * A blob up to this size whose size the caller knows is read with one get: chunk 0, which is the whole blob
     * when its length is that size. Otherwise (written in smaller chunks, or missing) the header says, as for
     * any read. Larger blobs go chunk by chunk straight into the socket's buffers instead.
     */
    static final int WHOLE_READ_MAX = 256 << 10;

    @Override
    public InputStream read(BlobId id, long size, long offset, long length) throws IOException {
        return stream(id, size, offset, length);
    }

    /** A stream holding the blob; {@code size} -1 when the caller does not know it (the header then says). */
    private InputStream stream(BlobId id, long size, long offset, long length) throws IOException {
        Hold hold = hold(id);
        try {
            if (size > 0 && size <= WHOLE_READ_MAX) {
                byte[] whole = new byte[(int) size];
                int n = guarded(() -> db.get(chunks, readOptions, chunkKey(id, 0), whole));
                if (n == size) return new ChunkStream(id, whole, offset, rangeEnd(id, size, offset, length), hold);
            }
            Header h = header(id);
            ChunkStream s = new ChunkStream(id, h.chunkSize, offset, rangeEnd(id, h.info.size(), offset, length), hold);
            if (h.info.size() > h.chunkSize) s.countAsStreaming();
            return s;
        } catch (IOException | RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    @Override
    public Hold hold(BlobId id) {
        // a removal that waited for this reader: off the closing thread (an event loop, often)
        return readers.hold(id, () -> Background.executeOrRun(discarder, () -> removeQuietly(id)));
    }

    @Override
    public void delete(BlobId id) throws IOException {
        readers.remove(id, () -> remove(id, true)); // being read: removed when its last reader is done
    }

    /**
     * Removed {@link #DISCARD_GRACE_MILLIS} later by another thread, not synced: the next synced write (any
     * commit) makes it durable; a crash before leaves an orphan for the collector. The delay covers a GET that
     * found the object just before it was replaced and has yet to open its blob; one that has opened it holds it.
     */
    @Override
    public void discard(BlobId id) {
        discarding.add(id);
        try {
            discarder.schedule(() -> discardNow(id), DISCARD_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            discarding.remove(id); // closing: the orphan collector removes it at the next start
        }
    }

    /** A discard whose removal has not begun yet: begins it. */
    private void discardNow(BlobId id) {
        if (discarding.remove(id)) removeQuietly(id);
    }

    /** A discard's removal (or the one its last reader handed back); failures are left to the orphan collector. */
    private void removeQuietly(BlobId id) {
        try {
            readers.remove(id, () -> remove(id, false));
        } catch (IOException | RuntimeException e) {
            // the orphan collector removes it
        }
    }

    /** Carries out the discards still waiting for their grace now, and returns once every one queued is done. */
    private void awaitDiscards() throws IOException {
        List.copyOf(discarding).forEach(this::discardNow);
        try {
            discarder.submit(() -> { }).get();
        } catch (RejectedExecutionException e) {
            // closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** Blobs with open readers or removals pending on them, for tests. */
    int trackedReaders() {
        return readers.tracked();
    }

    /** The lock an SST ingestion holds exclusive and a records write that must not wait shared, for tests. */
    ReentrantReadWriteLock ingestions() {
        return ingestions;
    }

    /** Holds back (true) or lets go (false) RocksDB's flushes and compactions, for tests: writes then come to a stop. */
    void pauseBackgroundWork(boolean paused) throws RocksDBException {
        if (paused) db.pauseBackgroundWork();
        else db.continueBackgroundWork();
    }

    private void remove(BlobId id, boolean durable) throws IOException {
        guarded(() -> {
            byte[] v = db.get(headers, id.toBytes());
            if (v == null) return null;
            Header h = decode(id, v);
            try (WriteBatch b = new WriteBatch()) {
                deleteChunks(b, id, h.chunkCount());
                b.delete(headers, id.toBytes());
                writeBatch(b, durable);
            }
            return null;
        });
    }

    /** {@code count} -1: unknown (a dead writer), delete the whole key range of the id. */
    private void deleteChunks(WriteBatch b, BlobId id, long count) throws RocksDBException {
        if (count >= 0 && count <= POINT_DELETE_MAX) {
            for (long i = 0; i < count; i++) b.delete(chunks, chunkKey(id, i));
        } else {
            b.deleteRange(chunks, chunkKey(id, 0), chunkKey(id, -1L)); // -1 = 0xFF..FF, past any index
        }
    }

    @Override
    public int collectOrphans(Predicate<BlobId> referenced, Duration minAge) throws IOException {
        long now = clock.millis();
        long minAgeMillis = minAge.toMillis();
        int[] removed = {0};
        // Dead writers first: a pending marker whose writer is not alive in this process is from a
        // crashed one (the LOCK guarantees no other process shares the store).
        guarded(() -> {
            try (RocksIterator it = db.newIterator(pending)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    BlobId id = idOf(it.key());
                    if (writing.contains(id)) continue;
                    try (WriteBatch b = new WriteBatch()) {
                        deleteChunks(b, id, -1);
                        b.delete(pending, id.toBytes());
                        db.write(asyncWrite, b);
                    }
                    removed[0]++;
                }
                it.status();
            }
            return null;
        });
        List<Header> candidates = new ArrayList<>();
        guarded(() -> {
            try (RocksIterator it = db.newIterator(headers)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    BlobId id = idOf(it.key());
                    Header h = decode(id, it.value());
                    if (now - h.committedAt >= minAgeMillis) candidates.add(h);
                }
                it.status();
            }
            return null;
        });
        // The predicate may query the metadata DB: call it outside the store's lock.
        for (Header h : candidates) {
            if (referenced.test(h.info.id())) continue;
            boolean ran = readers.remove(h.info.id(), () -> guarded(() -> {
                try (WriteBatch b = new WriteBatch()) {
                    deleteChunks(b, h.info.id(), h.chunkCount());
                    b.delete(headers, h.info.id().toBytes());
                    db.write(asyncWrite, b);
                }
                return null;
            }));
            if (ran) removed[0]++; // else being read: removed when its last reader is done
        }
        return removed[0];
    }

    /** Counts by scanning keys (chunk values stay in blob files): diagnostics and tests. */
    public BlobStoreStats stats() throws IOException {
        awaitDiscards();
        return guarded(() -> new BlobStoreStats(count(headers), count(pending), chunkOwners()));
    }

    private long count(ColumnFamilyHandle cf) throws RocksDBException {
        long n = 0;
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) n++;
            it.status();
        }
        return n;
    }

    private long chunkOwners() throws RocksDBException {
        long n = 0;
        try (RocksIterator it = db.newIterator(chunks)) {
            it.seekToFirst();
            while (it.isValid()) {
                BlobId id = idOf(it.key());
                n++;
                it.seek(chunkKey(id, -1L)); // jump past this blob's chunks
                if (it.isValid() && idOf(it.key()).equals(id)) it.next();
            }
            it.status();
        }
        return n;
    }

    @Override
    public void close() {
        try {
            awaitDiscards();
        } catch (IOException e) {
            // what is left is the orphan collector's at the next start
        }
        discarder.shutdown();
        for (Runnable dropped : cacher.shutdownNow()) {
            if (dropped instanceof CacheAgain c) c.drop();
        }
        try {
            discarder.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                db.flush(fo, List.of(chunks, headers, pending, recordsCf));
            } catch (RocksDBException e) {
                // the WAL still holds everything; the next open replays it
            }
            db.cancelAllBackgroundWork(true);
            for (AutoCloseable r : resources) {
                if (r instanceof ColumnFamilyHandle h) h.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw new IllegalStateException("closing blob store " + dir + ": " + e.getMessage(), e);
            } finally {
                closeResources();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeResources() {
        for (AutoCloseable r : resources) {
            if (r instanceof ColumnFamilyHandle) continue;
            try {
                r.close();
            } catch (Exception ignored) {
                // native handles: nothing more to do
            }
        }
    }

    // ---- writer -----------------------------------------------------------------------------

    private static ByteBuffer directKey(byte[] key) {
        ByteBuffer k = DIRECT_KEY.get();
        k.clear();
        k.put(key).flip();
        return k;
    }

    /** A direct buffer of at least {@code chunkSize} bytes, cleared; give it back with {@code chunkBuffers.offer}. */
    private ByteBuffer takeChunkBuffer() {
        ByteBuffer v = chunkBuffers.poll();
        if (v == null || v.capacity() < chunkSize) v = ByteBuffer.allocateDirect(chunkSize);
        return v.clear();
    }

    private final class Writer extends BlobWriter {
        private final BlobId id;
        private final BlobDigester digester;
        /** The first chunk grows here; from the second on, chunks are cut in {@link #direct}. */
        private byte[] buf = new byte[Math.min(chunkSize, 8192)];
        private ByteBuffer direct;
        private int buffered;
        private long nextChunk;
        private long size;
        private boolean pendingWritten;
        private boolean done;
        /** Chunks from {@code walChunks} on, in key order; ingested by commit. */
        private SstFileWriter sst;
        private Path sstFile;

        Writer(BlobId id, BlobDigester digester) {
            this.id = id;
            this.digester = digester;
            writing.add(id);
        }

        private void ensureWritable() throws IOException {
            if (done) throw new IOException("blob writer already committed or aborted");
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureWritable();
            digester.update(b, off, len);
            size += len;
            while (len > 0) {
                int n;
                if (direct != null) {
                    n = Math.min(len, chunkSize - buffered);
                    direct.put(b, off, n);
                } else {
                    if (buffered == buf.length && buf.length < chunkSize) {
                        buf = Arrays.copyOf(buf, (int) Math.min(chunkSize, Math.max(buf.length * 2L, buffered + (long) len)));
                    }
                    n = Math.min(len, buf.length - buffered);
                    System.arraycopy(b, off, buf, buffered, n);
                }
                buffered += n;
                off += n;
                len -= n;
                if (buffered == chunkSize) flushChunk();
            }
        }

        private void flushChunk() throws IOException {
            try {
                guarded(() -> {
                    if (!pendingWritten || nextChunk == walChunks) {
                        // Before the first WAL-free chunk the marker must be synced: after a power loss
                        // flushed chunks without a marker (and no header) could never be collected.
                        db.put(pending, asyncWrite, id.toBytes(), ByteBuffer.allocate(8).putLong(clock.millis()).array());
                        if (nextChunk == walChunks) walSyncs.await();
                        pendingWritten = true;
                    }
                    if (direct == null) { // the first chunk: from now on the writer cuts chunks in a direct buffer
                        direct = takeChunkBuffer();
                        direct.put(buf, 0, buffered);
                        buf = null;
                    }
                    direct.flip();
                    if (nextChunk < walChunks) {
                        db.put(chunks, asyncWrite, directKey(chunkKey(id, nextChunk)), direct);
                    } else {
                        if (sst == null) {
                            sstFile = ingestDir.resolve(id + ".sst");
                            sst = new SstFileWriter(sstEnv, sstOptions);
                            sst.open(sstFile.toString());
                        }
                        sst.put(directKey(chunkKey(id, nextChunk)), direct);
                    }
                    direct.clear();
                    return null;
                });
            } catch (IOException e) {
                abort();
                throw e;
            }
            nextChunk++;
            buffered = 0;
        }

        @Override
        public long size() {
            return size;
        }

        /** Ingests the finished SST file, then has {@link CacheAgain} read it back into the page cache. */
        private void ingest() throws RocksDBException {
            FileChannel written = null;
            try {
                written = FileChannel.open(sstFile); // before the ingestion moves the file
            } catch (IOException e) {
                log.debug("{} stays out of the page cache: {}", sstFile, e.toString());
            }
            ingestions.writeLock().lock();
            try {
                db.ingestExternalFile(chunks, List.of(sstFile.toString()), ingestOptions);
            } catch (RocksDBException | RuntimeException e) {
                closeQuietly(written);
                throw e;
            } finally {
                ingestions.writeLock().unlock();
            }
            if (written == null) return;
            CacheAgain task = new CacheAgain(written);
            try {
                cacher.execute(task);
            } catch (RejectedExecutionException e) { // the store is closing
                task.drop();
            }
        }

        @Override
        public BlobInfo commit() throws IOException {
            ensureWritable();
            BlobInfo info = digester.finish(id, size);
            byte[] header = encode(info, clock.millis(), chunkSize);
            try {
                guarded(() -> {
                    // Chunks that skipped the WAL must be in the database (ingested: fsynced, in the
                    // manifest) before the header says "committed".
                    if (sst != null) {
                        sst.finish();
                        closeSst();
                        ingest();
                    }
                    try (WriteBatch b = new WriteBatch()) {
                        if (buffered > 0) b.put(chunks, chunkKey(id, nextChunk), tail());
                        b.put(headers, id.toBytes(), header);
                        if (pendingWritten) b.delete(pending, id.toBytes());
                        writeBatch(b, true);
                    }
                    return null;
                });
            } catch (IOException e) {
                abort();
                throw e;
            }
            done = true;
            release();
            writing.remove(id);
            return info;
        }

        /** The bytes after the last full chunk. */
        private byte[] tail() {
            if (direct == null) return Arrays.copyOf(buf, buffered);
            byte[] t = new byte[buffered];
            direct.get(0, t);
            return t;
        }

        /** After commit, on the writing thread: the direct buffer goes back to the pool. */
        private void release() {
            buf = null;
            if (direct != null) {
                chunkBuffers.offer(direct);
                direct = null;
            }
        }

        private void closeSst() {
            if (sst == null) return;
            sst.close();
            sst = null;
        }

        @Override
        public void abort() {
            if (done) return;
            done = true;
            buf = null;
            direct = null; // not back to the pool: another thread may still be writing into it
            closeSst();
            if (sstFile != null) {
                try {
                    Files.deleteIfExists(sstFile); // gone already if it was ingested
                } catch (IOException e) {
                    // left for the next open's clearIngestDir
                }
            }
            try {
                if (pendingWritten) {
                    guarded(() -> {
                        try (WriteBatch b = new WriteBatch()) {
                            deleteChunks(b, id, nextChunk);
                            b.delete(pending, id.toBytes());
                            db.write(asyncWrite, b);
                        }
                        return null;
                    });
                }
            } catch (IOException e) {
                // store closed or failing: the pending marker stays and the collector removes it
            } finally {
                writing.remove(id);
            }
        }
    }

    /**
     * Reads an ingested SST file through once, then closes it. RocksDB's SstFileWriter drops every page it wrote
     * from the page cache once the file is synced (a bulk load's habit: {@code fincore} showed 5 of a part's 62 MB
     * resident), so without this the first GET of a large object just uploaded read it from disk.
     * <p>
     * The read copies the file into a buffer rather than {@code sendfile} it to /dev/null, though that copies
     * nothing: on a VM whose balloon device reports free pages to the host (this project's Firecracker machines),
     * the pages RocksDB dropped go back to the host, and the CPU's first touch of the ones the disk fills again
     * costs a host fault each, about 1.3 ms of CPU per MiB. After a {@code sendfile} that touch came in the first
     * GET (1.6 ms of server CPU per MiB against 0.3 on later GETs). Read here, off the upload's thread after its
     * commit, the first GET finds the pages touched; on bare metal the copy costs about 0.1 ms per MiB. A GET
     * that comes before this is done reads what is not yet cached from disk, as any uncached read does; a
     * failure only leaves pages uncached.
     * <p>
     * Background work: while reads of blobs larger than a chunk stream ({@link #streaming}), it waits, up to
     * {@link #READ_BACK_MAX_WAIT_NANOS} per file. Run beside them it took a third off their speed on two cores
     * (the three GETs of 64 MiB the S3 bench times right after its PUTs).
     */
    private final class CacheAgain implements Runnable {
        private final FileChannel file;

        CacheAgain(FileChannel file) {
            this.file = file;
        }

        @Override
        public void run() {
            try (FileChannel in = file) {
                long waitUntil = System.nanoTime() + READ_BACK_MAX_WAIT_NANOS;
                synchronized (cacheAgainLock) {
                    if (cacheAgainBuffer == null) cacheAgainBuffer = ByteBuffer.allocateDirect(1 << 20);
                    ByteBuffer b = cacheAgainBuffer;
                    do {
                        // GETs first: a read-back running beside a large GET took a third off its speed
                        while (streaming.get() > 0 && System.nanoTime() < waitUntil) {
                            LockSupport.parkNanos(1_000_000);
                            if (Thread.currentThread().isInterrupted()) return; // the store is closing
                        }
                        b.clear();
                    } while (in.read(b) > 0);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("could not read an ingested file back into the page cache: {}", e.toString());
            }
        }

        void drop() {
            closeQuietly(file);
        }
    }

    private static void closeQuietly(FileChannel file) {
        if (file == null) return;
        try {
            file.close();
        } catch (IOException e) {
            // only a read-only descriptor
        }
    }

    // ---- records ----------------------------------------------------------------------------

    /** The {@code records} column family as a {@link KeyValueStore}. */
    public KeyValueStore records() { return records; }

    private final class Records implements KeyValueStore {
        @Override
        public byte[] get(byte[] key) {
            try {
                return guarded(() -> db.get(recordsCf, key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void scan(byte[] prefix, BiConsumer<byte[], byte[]> each) {
            try {
                guarded(() -> {
                    try (RocksIterator it = db.newIterator(recordsCf)) {
                        for (it.seek(prefix); it.isValid(); it.next()) {
                            byte[] k = it.key();
                            if (!KeyValueStore.hasPrefix(k, prefix)) break;
                            each.accept(k, it.value());
                        }
                        it.status();
                    }
                    return null;
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(Batch batch, boolean sync) {
            if (batch.isEmpty()) return;
            try {
                guarded(() -> {
                    try (WriteBatch b = batch(batch)) {
                        writeBatch(b, sync);
                    }
                    return null;
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Refused while a blob is being written, while an ingestion runs or waits ({@link #ingestions}), and where
         * RocksDB would slow the write. Records writes beside an upload of 1.5 GB waited up to 250 ms when taken
         * regardless, 115 ms when refused during ingestions only, and 6 ms when also refused while blobs were being
         * written (their MiB chunks go through the same WAL).
         */
        @Override
        public boolean writeNow(Batch batch) {
            if (batch.isEmpty()) return true;
            if (!writing.isEmpty() || !noIngestion()) return false;
            try {
                return guarded(() -> {
                    try (WriteBatch b = batch(batch)) {
                        db.write(noWaitWrite, b);
                        return true;
                    } catch (RocksDBException e) {
                        if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.Incomplete) return false;
                        throw e;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                ingestions.readLock().unlock();
            }
        }

        /** Takes {@link #ingestions} shared if no ingestion holds or waits for it (a timed tryLock keeps fairness). */
        private boolean noIngestion() {
            try {
                return ingestions.readLock().tryLock(0, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private WriteBatch batch(Batch batch) throws RocksDBException {
            WriteBatch b = new WriteBatch();
            try {
                for (Batch.Op op : batch.ops()) {
                    if (op.value() == null) b.delete(recordsCf, op.key());
                    else b.put(recordsCf, op.key(), op.value());
                }
            } catch (RocksDBException | RuntimeException e) {
                b.close();
                throw e;
            }
            return b;
        }
    }

    // ---- reader -----------------------------------------------------------------------------

    /**
     * Reads chunk by chunk with point gets into one reused buffer; no iterator is held open. As a
     * channel it reads a whole chunk straight into a direct buffer (the socket's), one copy fewer.
     */
    private final class ChunkStream extends InputStream implements ReadableByteChannel {
        private final BlobId id;
        private final int cs;
        private final long end;
        private long pos;
        private byte[] chunk;
        private int chunkLen;
        private long loaded = -1;
        private boolean closedStream;
        private boolean counted;

        private final Hold hold;

        ChunkStream(BlobId id, int cs, long offset, long end, Hold hold) {
            this.id = id;
            this.cs = cs;
            this.pos = offset;
            this.end = end;
            this.hold = hold;
        }

        /** A single-chunk blob already read whole. */
        ChunkStream(BlobId id, byte[] whole, long offset, long end, Hold hold) {
            this(id, whole.length, offset, end, hold);
            chunk = whole;
            chunkLen = whole.length;
            loaded = 0;
        }

        private void load(long index) throws IOException {
            if (chunk == null) chunk = new byte[(int) Math.min(cs, end - index * cs)];
            int n = guarded(() -> db.get(chunks, readOptions, chunkKey(id, index), chunk));
            if (n == RocksDB.NOT_FOUND) throw new IOException("blob " + id + " was deleted while being read");
            // A buffer smaller than the chunk only happens when the range ends inside this chunk.
            chunkLen = Math.min(n, chunk.length);
            loaded = index;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (pos >= end) return -1;
            if (len == 0) return 0;
            long index = pos / cs;
            if (index != loaded) load(index);
            int within = (int) (pos - index * cs);
            if (within >= chunkLen) throw new IOException("blob " + id + " is missing bytes at " + pos);
            int n = (int) Math.min(Math.min(len, chunkLen - within), end - pos);
            System.arraycopy(chunk, within, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (pos >= end) return -1;
            if (!dst.hasRemaining()) return 0;
            long index = pos / cs;
            int want = (int) Math.min(cs, end - pos);
            // only a whole chunk (or the range's tail of one) can go straight in: a get copies from the value's start
            if (!dst.isDirect() || pos != index * cs || dst.remaining() < want || index == loaded) return copyInto(dst);
            ByteBuffer target = dst.slice().limit(want);
            int n = guarded(() -> db.get(chunks, readOptions, directKey(chunkKey(id, index)), target));
            if (n == RocksDB.NOT_FOUND) throw new IOException("blob " + id + " was deleted while being read");
            if (n < want) throw new IOException("blob " + id + " is missing bytes at " + (pos + n));
            dst.position(dst.position() + want);
            pos += want;
            return want;
        }

        private int copyInto(ByteBuffer dst) throws IOException {
            long index = pos / cs;
            if (index != loaded) load(index);
            int within = (int) (pos - index * cs);
            if (within >= chunkLen) throw new IOException("blob " + id + " is missing bytes at " + pos);
            int n = (int) Math.min(Math.min(dst.remaining(), chunkLen - within), end - pos);
            dst.put(chunk, within, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return !closedStream;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - pos));
            pos += k;
            return k;
        }

        @Override
        public int available() {
            if (pos >= end || loaded != pos / cs) return 0;
            return (int) Math.min(chunkLen - (pos - loaded * cs), end - pos);
        }

        /** A read of more than one chunk: counted in {@link #streaming} until closed. */
        void countAsStreaming() {
            streaming.incrementAndGet();
            counted = true;
        }

        @Override
        public void close() {
            chunk = null;
            pos = end;
            closedStream = true;
            if (counted) {
                counted = false;
                streaming.decrementAndGet();
            }
            hold.close();
        }
    }
}
