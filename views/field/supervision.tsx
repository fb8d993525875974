// 巡查监督 (supervision centre): today's patrol tracks, responsibility-grid coverage, attendance,
// inspectors on patrol, and cases that can be sent to the nearest one.
import type { DayPatrol, Coverage, AttendanceSummary, Available } from "../../server/field/queries.ts";
import { PageHead, Empty, Badge, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

const COLORS = ["#d32f2f", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#c2185b"];

export type Assignable = {
  id: number;
  no: string;
  state: string;
  stateName: string;
  description: string;
  address: string | null;
  inspector: string | null;
};

/** Tracks drawn in a plain SVG (equirectangular, fitted to the day's extent); no map tiles needed. */
export function TrackSvg(p: { patrols: DayPatrol[] }) {
  const pts = p.patrols.flatMap((x) => x.track);
  if (!pts.length) return <Empty>今天还没有巡查轨迹</Empty>;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const q of pts)
    [x0, x1, y0, y1] = [Math.min(x0, q.lng), Math.max(x1, q.lng), Math.min(y0, q.lat), Math.max(y1, q.lat)];
  // At least ~300 m across, centred, so a short track is not drawn in a corner.
  const MIN = 0.003;
  if (x1 - x0 < MIN) [x0, x1] = [(x0 + x1) / 2 - MIN / 2, (x0 + x1) / 2 + MIN / 2];
  if (y1 - y0 < MIN) [y0, y1] = [(y0 + y1) / 2 - MIN / 2, (y0 + y1) / 2 + MIN / 2];
  const k = Math.cos(((y0 + y1) / 2) * (Math.PI / 180));
  const w = (x1 - x0) * k,
    h = y1 - y0;
  const W = 640,
    H = Math.round(Math.min(420, Math.max(240, (W * h) / w)));
  const s = Math.min((W - 40) / w, (H - 40) / h);
  const ox = (W - w * s) / 2,
    oy = (H - h * s) / 2;
  const X = (lng: number) => (ox + (lng - x0) * k * s).toFixed(1);
  const Y = (lat: number) => (H - oy - (lat - y0) * s).toFixed(1);
  return (
    <svg class="f-tracks" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="今日巡查轨迹">
      <rect x="0" y="0" width={W} height={H} fill="#f7f9fb" />
      {p.patrols.map((x, i) => (
        <g data-track-of={x.name}>
          <polyline
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            stroke-width="3"
            stroke-linejoin="round"
            points={x.track.map((q) => `${X(q.lng)},${Y(q.lat)}`).join(" ")}
          />
          {x.track.length > 0 && (
            <circle cx={X(x.track.at(-1)!.lng)} cy={Y(x.track.at(-1)!.lat)} r="6" fill={COLORS[i % COLORS.length]} />
          )}
        </g>
      ))}
    </svg>
  );
}

export function SupervisionPage(p: {
  day: string;
  csrf: string;
  patrols: DayPatrol[];
  coverage: Coverage[];
  attendance: AttendanceSummary[];
  onPatrol: Available[];
  assignable: Assignable[];
  canAssign: boolean;
}) {
  return (
    <>
      <PageHead title={`巡查监督 · ${p.day}`}>
        <form method="get" class="filters">
          <input type="date" name="day" value={p.day} />
          <button type="submit" class="secondary">
            查看
          </button>
        </form>
      </PageHead>
      <div class="cards">
        <div class="stat">
          <div class="n">{p.patrols.length}</div>
          <div class="l">巡查次数</div>
        </div>
        <div class="stat">
          <div class="n">{p.onPatrol.length}</div>
          <div class="l">正在巡查</div>
        </div>
        <div class="stat">
          <div class="n">
            {p.coverage.filter((c) => c.visited > 0).length} / {p.coverage.length}
          </div>
          <div class="l">已覆盖责任网格</div>
        </div>
        <div class="stat">
          <div class="n">
            {p.attendance.filter((a) => a.first_in).length} / {p.attendance.length}
          </div>
          <div class="l">已签到监督员</div>
        </div>
      </div>
      <div class="card">
        <h3>巡查轨迹</h3>
        <TrackSvg patrols={p.patrols} />
        <table>
          <thead>
            <tr>
              <th>监督员</th>
              <th>开始</th>
              <th>结束</th>
              <th>轨迹点</th>
              <th>里程</th>
            </tr>
          </thead>
          <tbody>
            {p.patrols.map((x, i) => (
              <tr>
                <td>
                  <span style={`color:${COLORS[i % COLORS.length]}`}>■</span> {x.name}
                </td>
                <td>{fmtTime(x.started_at)}</td>
                <td>{x.ended_at ? fmtTime(x.ended_at) : <Badge tone="green">巡查中</Badge>}</td>
                <td>{x.points}</td>
                <td>{(x.distance_m / 1000).toFixed(2)} 公里</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h3>责任网格覆盖</h3>
        {p.coverage.length === 0 ? (
          <Empty>尚未设置责任网格</Empty>
        ) : (
          <table data-coverage>
            <thead>
              <tr>
                <th>责任网格</th>
                <th>单元网格</th>
                <th>已巡到</th>
                <th>状态</th>
                <th>巡查人</th>
              </tr>
            </thead>
            <tbody>
              {p.coverage.map((c) => (
                <tr>
                  <td>
                    {c.code} {c.name}
                  </td>
                  <td>{c.units}</td>
                  <td>{c.visited}</td>
                  <td>
                    {c.visited === 0 ? (
                      <Badge tone="red">未覆盖</Badge>
                    ) : c.visited >= c.units ? (
                      <Badge tone="green">全部覆盖</Badge>
                    ) : (
                      <Badge tone="amber">部分覆盖</Badge>
                    )}
                  </td>
                  <td>{c.inspectors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card">
        <h3>待核实 / 待核查案件（就近派发给正在巡查的监督员）</h3>
        {p.assignable.length === 0 ? (
          <Empty>没有需要派发的案件</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>编号</th>
                <th>状态</th>
                <th>问题</th>
                <th>当前监督员</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {p.assignable.map((a) => (
                <tr>
                  <td>{a.no}</td>
                  <td>{a.stateName}</td>
                  <td>
                    {a.description.slice(0, 30)} <span class="muted">{a.address ?? ""}</span>
                  </td>
                  <td>{a.inspector ?? "—"}</td>
                  <td>
                    {p.canAssign && (
                      <form method="post" action={`/field/cases/${a.id}/assign-nearest`} class="inline">
                        <Csrf token={p.csrf} />
                        <button type="submit" class="secondary" disabled={p.onPatrol.length === 0}>
                          就近派发
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card">
        <h3>考勤</h3>
        <table>
          <thead>
            <tr>
              <th>监督员</th>
              <th>签到</th>
              <th>签退</th>
            </tr>
          </thead>
          <tbody>
            {p.attendance.map((a) => (
              <tr>
                <td>{a.name}</td>
                <td>{a.first_in ? fmtTime(a.first_in) : <Badge tone="grey">未签到</Badge>}</td>
                <td>{a.last_out ? fmtTime(a.last_out) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
