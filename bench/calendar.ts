/**
 * Micro-benchmark: working-time arithmetic over spans of years (the deadline clock skips whole days).
 * Run: node_modules/.bin/bun bench/calendar.ts
 * Prints figures; asserts nothing. (Moved here from a timed assertion in calendar.test.ts.)
 */
import {
  addWorkingTime,
  compileCalendar,
  defaultCalendar,
  shanghaiTime,
  workingTimeBetween,
} from "../server/core/calendar.ts";
import { mulberry32 } from "../server/core/prng.ts";

const N = 20_000;
const compiled = compileCalendar(defaultCalendar());
const rand = mulberry32(20261001);
const from = shanghaiTime("2026-06-01 00:00").getTime();
const span = 400 * 86_400_000;

const t0 = performance.now();
let minutes = 0;
for (let i = 0; i < N; i++) {
  const start = from + Math.floor(rand() * span);
  const end = addWorkingTime(compiled, start, 2000 + Math.floor(rand() * 3000), "day"); // 8–20 years
  minutes += workingTimeBetween(compiled, start, end);
}
const ms = performance.now() - t0;
console.log(`${N} add + between over 8–20 years: ${ms.toFixed(0)} ms, ${((ms * 1000) / N).toFixed(1)} µs each`);
console.log(`(checksum: ${minutes} working minutes)`);
