// 巡查与考勤: start/end a patrol (positions sampled every 30 s while the page is open), clock in/out.
import type { Patrol, AttendanceRow } from "../../server/field/queries.ts";
import { Csrf } from "../layouts/shell.tsx";
import { fmtTime } from "../ui/index.tsx";
import { QueueBar, meters } from "./parts.tsx";

export function PatrolPage(p: { csrf: string; patrol: Patrol | null; today: AttendanceRow[]; intervalS: number }) {
  const last = p.today.at(-1);
  const clockedIn = last?.kind === "in";
  return (
    <>
      <QueueBar />
      <section class="f-card" data-patrol={p.patrol ? String(p.patrol.id) : ""} data-interval={String(p.intervalS)}>
        <h3>巡查</h3>
        {p.patrol ? (
          <>
            <p>
              <span class="badge green">巡查中</span> 开始于 {fmtTime(p.patrol.started_at)}
            </p>
            <p class="muted">
              轨迹点 <b data-track-points>{p.patrol.points}</b> 个 · 里程 {meters(p.patrol.distance_m)}
              {p.patrol.last_at && <> · 最近定位 {fmtTime(p.patrol.last_at)}</>}
            </p>
            <p class="muted small" data-track-status>
              页面打开期间每 {p.intervalS} 秒记录一次位置
            </p>
            <form method="post" action="/m/patrol/end">
              <Csrf token={p.csrf} />
              <button type="submit" class="danger f-big" data-flush-first>
                结束巡查
              </button>
            </form>
          </>
        ) : (
          <form method="post" action="/m/patrol/start">
            <Csrf token={p.csrf} />
            <button type="submit" class="f-big">
              开始巡查
            </button>
          </form>
        )}
      </section>
      <section class="f-card">
        <h3>考勤</h3>
        {p.today.length === 0 ? (
          <p class="muted">今天还没有签到</p>
        ) : (
          <ul class="f-att">
            {p.today.map((a) => (
              <li>
                {a.kind === "in" ? "签到" : "签退"} {fmtTime(a.at)}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/m/clock" data-with-position>
          <Csrf token={p.csrf} />
          <input type="hidden" name="kind" value={clockedIn ? "out" : "in"} />
          <input type="hidden" name="lng" data-lng />
          <input type="hidden" name="lat" data-lat />
          <input type="hidden" name="accuracy" data-accuracy />
          <button type="submit" class={`f-big ${clockedIn ? "secondary" : ""}`}>
            {clockedIn ? "签退" : "签到"}
          </button>
        </form>
      </section>
    </>
  );
}
