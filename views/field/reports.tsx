// 我的上报: everything the inspector sent, with the case number and state; queued ones on top (field.js).
import type { MyReport } from "../../server/field/queries.ts";
import { Empty, fmtTime } from "../ui/index.tsx";
import { QueueBar } from "./parts.tsx";

export function MyReports(p: { rows: (MyReport & { stateName: string; tone: string })[] }) {
  return (
    <>
      <QueueBar />
      <ul class="f-list" data-queued-list></ul>
      {p.rows.length === 0 ? (
        <Empty>还没有上报记录</Empty>
      ) : (
        <ul class="f-list" data-my-reports>
          {p.rows.map((r) => (
            <li class="f-item" data-client-id={r.client_id ?? ""}>
              <div class="f-item-main">
                <div class="f-row">
                  <b data-case-no>{r.no}</b>
                  <span class={`badge ${r.tone}`}>{r.stateName}</span>
                </div>
                <div>
                  {r.category ?? "未分类"} · {r.description.slice(0, 40)}
                </div>
                <div class="muted small">
                  {fmtTime(r.created_at)} {r.address ?? ""}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
