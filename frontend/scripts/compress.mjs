// Precompresses the built assets: dist/assets/<name>.br (brotli, best) and .gz (gzip, best)
// beside each compressible file, so that the server sends them without compressing at run
// time. Node's own zlib does it; nothing to install.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'assets');
const compressible = /\.(js|mjs|css|svg|json|html|txt|wasm)$/;
let raw = 0;
let br = 0;
for (const name of readdirSync(dir)) {
  if (!compressible.test(name)) continue;
  const file = path.join(dir, name);
  const data = readFileSync(file);
  const b = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const g = gzipSync(data, { level: 9 });
  if (b.length < data.length) writeFileSync(`${file}.br`, b);
  if (g.length < data.length) writeFileSync(`${file}.gz`, g);
  raw += data.length;
  br += Math.min(b.length, data.length);
}
console.log(`compressed assets: ${(raw / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`);
