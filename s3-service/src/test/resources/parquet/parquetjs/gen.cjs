// Made the files beside it (parquetjs: npm install @dsnp/parquetjs@1.8.6 && node gen.cjs <dir>), test data for
// io.awsemu.s3.select.parquet.ParquetOtherWritersTest, which compares our reading with DuckDB's.
// Writes Parquet files with parquetjs (@dsnp/parquetjs 1.8.6), a third writer: converted types (UTF8,
// TIMESTAMP_MILLIS, DATE, INT_16, DECIMAL), data page v1 with RLE levels, repeated fields, nested groups.
const parquet = require("@dsnp/parquetjs");
const dir = process.argv[2];
async function write(name, compression, opts) {
  const schema = new parquet.ParquetSchema({
    id: { type: "INT64", compression },
    name: { type: "UTF8", optional: true, compression },
    score: { type: "DOUBLE", optional: true, compression },
    flag: { type: "BOOLEAN", optional: true, compression },
    ts: { type: "TIMESTAMP_MILLIS", compression },
    day: { type: "DATE", optional: true, compression },
    small: { type: "INT_16", optional: true, compression },
    price: { type: "DECIMAL", precision: 9, scale: 2, optional: true, compression },
    tag: { type: "UTF8", repeated: true, compression },
    addr: { optional: true, fields: { city: { type: "UTF8", compression }, zip: { type: "INT32", optional: true, compression } } },
  });
  const w = await parquet.ParquetWriter.openFile(schema, dir + "/" + name, opts);
  for (let i = 0; i < 1500; i++) {
    const row = {
      id: BigInt(i) * 7n - 300n,
      ts: new Date(Date.UTC(2022, 5, 1) + i * 1000 * 3601),
      tag: i % 4 === 0 ? [] : ["t" + (i % 3), "u" + (i % 5)].slice(0, 1 + (i % 2)),
    };
    if (i % 6 !== 0) row.name = "p\u00e5" + (i % 40);
    if (i % 5 !== 0) row.score = i / 3;
    if (i % 3 !== 0) row.flag = i % 2 === 0;
    if (i % 7 !== 0) row.day = new Date(Date.UTC(2019, 11, 31) + (i % 500) * 86400000);
    if (i % 4 !== 0) row.small = (i * 31) % 20000 - 10000;
    if (i % 8 !== 0) row.price = (i * 13) % 100000 / 100;
    if (i % 9 !== 0) row.addr = i % 2 === 0 ? { city: "c" + (i % 7), zip: i } : { city: "d" + (i % 3) };
    await w.appendRow(row);
  }
  await w.close();
}
(async () => {
  await write("parquetjs-snappy.parquet", "SNAPPY", { rowGroupSize: 400 });
  await write("parquetjs-gzip-v2.parquet", "GZIP", { useDataPageV2: true, rowGroupSize: 1000 });
  await write("parquetjs-plain.parquet", "UNCOMPRESSED", { useDataPageV2: false, pageSize: 100 });
})().catch(e => { console.error(e); process.exit(1); });
