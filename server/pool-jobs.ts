// The registry of jobs the worker pool runs (server/core/pool.ts): each module declares its jobs
// and exports them from its index.ts; the worker entry (server/worker.ts) imports this list,
// never app.tsx.
import { CORE_POOL_JOBS, type PoolJob } from "./core/pool.ts";
import { CASES_POOL_JOBS } from "./cases/index.ts";
import { EVALUATION_POOL_JOBS } from "./evaluation/index.ts";

export const POOL_JOBS: Record<string, PoolJob> = { ...CORE_POOL_JOBS, ...CASES_POOL_JOBS, ...EVALUATION_POOL_JOBS };
