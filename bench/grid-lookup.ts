/**
 * Micro-benchmark: point-in-polygon lookup over 10,000 unit grids.
 * Run: node_modules/.bin/bun bench/grid-lookup.ts
 * Prints figures; asserts nothing.
 */
import { buildGridIndex, type GridInput, validatePolygon } from "../server/grid/spatial";
import { mulberry32 } from "../server/core/prng.ts";

const SIDE = 100; // 100 × 100 = 10,000 grids
const CELL = 0.001; // ~100 m, a 万米 grid
const LOOKUPS = 100_000;
const X0 = 115.8;
const Y0 = 28.6;

const grids: GridInput[] = [];
for (let i = 0; i < SIDE; i++) {
  for (let j = 0; j < SIDE; j++) {
    const x = X0 + i * CELL;
    const y = Y0 + j * CELL;
    grids.push({
      id: i * SIDE + j,
      polygon: {
        type: "Polygon",
        coordinates: [
          [
            [x, y],
            [x + CELL, y],
            [x + CELL, y + CELL],
            [x, y + CELL],
            [x, y],
          ],
        ],
      },
    });
  }
}

let t0 = performance.now();
const index = buildGridIndex(grids);
const buildMs = performance.now() - t0;

const rand = mulberry32(42);
const xs = new Float64Array(LOOKUPS);
const ys = new Float64Array(LOOKUPS);
for (let k = 0; k < LOOKUPS; k++) {
  // 5 % of points fall outside the block.
  xs[k] = X0 - 0.0025 + rand() * (SIDE * CELL + 0.005);
  ys[k] = Y0 - 0.0025 + rand() * (SIDE * CELL + 0.005);
}

// Warm up the JIT, then measure.
for (let k = 0; k < 10_000; k++) index.lookup(xs[k]!, ys[k]!);
let found = 0;
t0 = performance.now();
for (let k = 0; k < LOOKUPS; k++) if (index.lookup(xs[k]!, ys[k]!) !== null) found++;
const lookupMs = performance.now() - t0;

console.log(`grids: ${index.size}, build (with validation): ${buildMs.toFixed(1)} ms`);
console.log(`lookups: ${LOOKUPS}, hits: ${found}, total: ${lookupMs.toFixed(1)} ms`);
console.log(`per lookup: ${((lookupMs * 1000) / LOOKUPS).toFixed(2)} µs`);

// Validating one large ring (3,000 vertices, star-shaped, simple): the self-intersection sweep.
const ring: number[][] = [];
for (let i = 0; i < 3000; i++) {
  const a = (2 * Math.PI * i) / 3000;
  const r = 0.01 * (1 + 0.3 * Math.sin(7 * a));
  ring.push([115.9 + r * Math.cos(a), 28.7 + r * Math.sin(a)]);
}
ring.push(ring[0]!);
t0 = performance.now();
const problem = validatePolygon({ type: "Polygon", coordinates: [ring] });
console.log(
  `validate a 3,000-vertex ring: ${(performance.now() - t0).toFixed(1)} ms (${problem ? problem.code : "valid"})`,
);
