// 我的任务: verify (核实) and check (核查) tasks, nearest first, deadline badge, navigation link.
import type { Task } from "../../server/field/queries.ts";
import { Empty } from "../ui/index.tsx";
import { QueueBar, DeadlineBadge, meters } from "./parts.tsx";

export type TaskItem = Task & {
  badge: { tone: "green" | "amber" | "red" | "grey"; label: string };
  nav: string | null;
};

const KIND = { verifying: "核实", checking: "核查" } as const;

export function TaskList(p: { tasks: TaskItem[]; located: boolean }) {
  return (
    <div id="task-list" data-task-list data-located={p.located ? "1" : "0"}>
      {!p.located && p.tasks.length > 1 && <p class="muted small">正在定位，定位后按距离由近到远排列…</p>}
      {p.tasks.length === 0 ? (
        <Empty>暂无待办任务</Empty>
      ) : (
        <ul class="f-list">
          {p.tasks.map((t) => (
            <li class="f-item" data-task={t.no}>
              <a class="f-item-main" href={`/m/tasks/${t.id}`}>
                <div class="f-row">
                  <span class={`badge ${t.state === "verifying" ? "blue" : "amber"}`}>{KIND[t.state]}</span>
                  <b>{t.no}</b>
                  <DeadlineBadge {...t.badge} />
                </div>
                <div>
                  {t.category ?? "未分类"} · {t.description.slice(0, 40)}
                </div>
                <div class="muted small">
                  {t.address ?? ""} {t.distance_m != null && <span class="f-dist">距离 {meters(t.distance_m)}</span>}
                </div>
              </a>
              {t.nav && (
                <a class="btn secondary f-nav" href={t.nav} target="_blank" rel="noopener">
                  导航
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TasksPage(p: { tasks: TaskItem[] }) {
  return (
    <>
      <QueueBar />
      <div data-near="/m/tasks">
        <TaskList tasks={p.tasks} located={false} />
      </div>
    </>
  );
}

export function TaskDetail(p: { task: TaskItem; mediaIds: number[] }) {
  const t = p.task;
  const verify = t.state === "verifying";
  return (
    <>
      <QueueBar />
      <section class="f-card">
        <div class="f-row">
          <span class={`badge ${verify ? "blue" : "amber"}`}>{KIND[t.state]}</span>
          <b>{t.no}</b>
          <DeadlineBadge {...t.badge} />
        </div>
        <p>
          {t.category ?? "未分类"}：{t.description}
        </p>
        <p class="muted">{t.address ?? ""}</p>
        {p.mediaIds.length > 0 && (
          <div class="f-photos">
            {p.mediaIds.map((id) => (
              <img src={`/m/media/${id}`} alt="案件照片" loading="lazy" />
            ))}
          </div>
        )}
        {t.nav && (
          <a class="btn secondary f-big" href={t.nav} target="_blank" rel="noopener">
            导航到现场
          </a>
        )}
      </section>
      <form
        class="f-form"
        data-answer-form
        data-case-id={String(t.id)}
        data-kind={verify ? "verify" : "check"}
        novalidate
      >
        <section class="f-card">
          <h3>现场照片（必须）</h3>
          <div class="f-photos" data-photos></div>
          <label class="btn f-big f-photo-btn">
            拍照
            <input type="file" accept="image/*" capture="environment" multiple data-photo-input hidden />
          </label>
          <div class="error-text" data-error="photos"></div>
        </section>
        <section class="f-card">
          <h3>{verify ? "核实结果" : "核查结果"}</h3>
          <div class="f-choice">
            <label>
              <input type="radio" name="ok" value="1" checked /> {verify ? "问题属实" : "处置到位（通过）"}
            </label>
            <label>
              <input type="radio" name="ok" value="0" /> {verify ? "问题不属实" : "未处置到位（返工）"}
            </label>
          </div>
          <textarea
            name="note"
            rows={3}
            maxlength={1000}
            placeholder={verify ? "现场情况说明（可选）" : "不通过时请说明原因"}
          ></textarea>
          <div class="error-text" data-error="note"></div>
        </section>
        <div class="f-msg" data-form-msg aria-live="polite"></div>
        <button type="submit" class="f-big f-submit" data-submit>
          提交{verify ? "核实" : "核查"}结果
        </button>
      </form>
    </>
  );
}
