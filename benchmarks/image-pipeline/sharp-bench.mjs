// The same work as the Java pipeline, done by sharp (libvips): auto-orient, then three sizes
// (fit in 2048, fit in 800, 150 x 150 cover), each as WebP (quality 80, effort 4) and JPEG (quality 80).
// Usage: node sharp-bench.mjs <photo.jpg> [runs]
import sharp from 'sharp';
import { readFileSync } from 'node:fs';

const [photo, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);
const input = readFileSync(photo);

async function pipeline() {
  const base = sharp(input).rotate();
  const sizes = [
    (img) => img.resize(2048, 2048, { fit: 'inside', withoutEnlargement: true }),
    (img) => img.resize(800, 800, { fit: 'inside', withoutEnlargement: true }),
    (img) => img.resize(150, 150, { fit: 'cover' }),
  ];
  const outputs = await Promise.all(sizes.flatMap((size) => [
    size(base.clone()).webp({ quality: 80, effort: 4 }).toBuffer(),
    size(base.clone()).jpeg({ quality: 80 }).toBuffer(),
  ]));
  return outputs.reduce((sum, b) => sum + b.length, 0);
}

for (let i = 0; i < 5; i++) await pipeline();
const times = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  bytes = await pipeline();
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), concurrency ${sharp.concurrency()}: ` +
  `${runs} runs: median ${times[runs >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms; outputs ${bytes} bytes`);
