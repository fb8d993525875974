// 城管通 home: the big buttons, task count, patrol and attendance state.
import { QueueBar } from "./parts.tsx";

export type HomeProps = { intro: string; tasks: number; onPatrol: boolean; clockedIn: boolean; flash?: string | null };

export function FieldHome(p: HomeProps) {
  return (
    <>
      <QueueBar />
      <p class="muted">{p.intro}</p>
      <div class="big-actions f-home">
        <a class="btn f-big" href="/m/report" data-testid="go-report">
          📷 上报问题
        </a>
        <a class="btn secondary f-big" href="/m/tasks">
          我的任务 {p.tasks > 0 && <span class="f-count">{p.tasks}</span>}
        </a>
        <a class="btn secondary f-big" href="/m/patrol">
          巡查与考勤{" "}
          <small class="muted">
            {p.onPatrol ? "巡查中" : "未巡查"} · {p.clockedIn ? "已签到" : "未签到"}
          </small>
        </a>
        <a class="btn secondary f-big" href="/m/reports">
          我的上报
        </a>
      </div>
    </>
  );
}
