// Made the files beside it (arrow-rs's Parquet writer, through parquet-wasm 0.6.1 and apache-arrow 17 from npm):
//   npm install parquet-wasm@0.6.1 apache-arrow@17 && node gen.mjs <dir>
// They are test data for io.awsemu.s3.select.parquet.ParquetOtherWritersTest, which compares our reading with DuckDB's.
// Writes Parquet files with arrow-rs's writer (parquet-wasm), for S3 Select's reader tests: another writer than DuckDB.
import { tableFromArrays, tableToIPC, vectorFromArray, Timestamp, TimeUnit, DateDay, Int32, Int64, Utf8, Float64, Bool, Float32 } from "apache-arrow";
import { createRequire } from "module";
const pw = createRequire(import.meta.url)("parquet-wasm/node");
import { writeFileSync, mkdirSync } from "fs";

const N = 2000;
const ids = [], names = [], scores = [], flags = [], ts = [], days = [], small = [], f32 = [], words = [];
for (let i = 0; i < N; i++) {
  ids.push(BigInt(i) * 1000003n - 5000n);
  names.push(i % 7 === 0 ? null : "n\u00e9" + (i % 50) + (i % 11 === 0 ? "" : "x".repeat(i % 13)));
  scores.push(i % 5 === 0 ? null : i * 0.25 - 100);
  flags.push(i % 3 === 0 ? null : i % 2 === 0);
  ts.push(Date.UTC(2021, 0, 1) + i * 61001);
  days.push(Date.UTC(2020, 1, 28) + (i % 400) * 86400000);
  small.push(i % 4 === 0 ? null : (i * 37) % 30000 - 15000);
  f32.push(i / 8);
  words.push("w" + (i * 7919 % 997));
}
const table = tableFromArrays({
  id: vectorFromArray(ids, new Int64()),
  name: vectorFromArray(names, new Utf8()),
  score: vectorFromArray(scores, new Float64()),
  flag: vectorFromArray(flags, new Bool()),
  ts: vectorFromArray(ts, new Timestamp(TimeUnit.MILLISECOND, "UTC")),
  day: vectorFromArray(days, new DateDay()),
  small: vectorFromArray(small, new Int32()),
  f32: vectorFromArray(f32, new Float32()),
  word: vectorFromArray(words, new Utf8()),
});
mkdirSync(process.argv[2], { recursive: true });
const variants = [
  ["arrowrs-v1-snappy-dict.parquet", b => b.setWriterVersion(pw.WriterVersion.V1).setCompression(pw.Compression.SNAPPY)],
  ["arrowrs-v2-gzip-plain.parquet", b => b.setWriterVersion(pw.WriterVersion.V2).setCompression(pw.Compression.GZIP).setDictionaryEnabled(false)],
  ["arrowrs-v2-delta.parquet", b => b.setWriterVersion(pw.WriterVersion.V2).setCompression(pw.Compression.UNCOMPRESSED).setDictionaryEnabled(false)
      .setColumnEncoding("id", pw.Encoding.DELTA_BINARY_PACKED).setColumnEncoding("small", pw.Encoding.DELTA_BINARY_PACKED)
      .setColumnEncoding("name", pw.Encoding.DELTA_BYTE_ARRAY).setColumnEncoding("word", pw.Encoding.DELTA_LENGTH_BYTE_ARRAY)
      .setColumnEncoding("score", pw.Encoding.BYTE_STREAM_SPLIT).setColumnEncoding("f32", pw.Encoding.BYTE_STREAM_SPLIT)
      .setColumnEncoding("ts", pw.Encoding.DELTA_BINARY_PACKED).setColumnEncoding("day", pw.Encoding.DELTA_BINARY_PACKED)],
  ["arrowrs-v1-small-pages.parquet", b => b.setWriterVersion(pw.WriterVersion.V1).setCompression(pw.Compression.SNAPPY)
      .setDataPageSizeLimit(512).setMaxRowGroupSize(700).setDictionaryPageSizeLimit(256)],
];
for (const [name, configure] of variants) {
  const props = configure(new pw.WriterPropertiesBuilder()).build();
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream")), props);
  writeFileSync(process.argv[2] + "/" + name, bytes);
  console.log(name, bytes.length);
}
