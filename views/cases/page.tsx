// The case page: facts, photos before/after side by side, the timeline, the actions the
// current user may take (only those) and the deadline badge. Works without JavaScript;
// with htmx, a form swaps just #case-main.
import { Badge } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";
import { DeadlineBadge, StateBadge, NotifyBell, LiveHint, fmtCn as fmtTime } from "./parts.tsx";
import type { Countdown } from "../../server/cases/model.ts";
import type { Opt } from "./list.tsx";

export type Field =
  | "note"
  | "noteRequired"
  | "inspector"
  | "category"
  | "urgency"
  | "department"
  | "subunit"
  | "hours"
  | "photos"
  | "photosRequired"
  | "passfail"
  | "genuine"
  | "target"
  | "approve";
export type ActionView = {
  slug: string;
  label: string;
  fields: Field[];
  danger?: boolean;
  multipart?: boolean;
  hint?: string;
};
export type Photo = { id: number; kind: string; at: string };
export type EventView = {
  at: string;
  label: string;
  actor: string;
  note: string | null;
  detail: string | null;
  photos: number[];
  stateName: string;
};

export type CaseView = {
  id: number;
  no: string;
  state: string;
  stateName: string;
  stateType: string;
  source: string;
  urgency: string;
  urgencyKey: string;
  categoryId: number | null;
  category: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  grid: string | null;
  town: string | null;
  community: string | null;
  reporter: string | null;
  /** The citizen's number, when known: the page offers 电话回访 (click-to-call). */
  reporterPhone?: string | null;
  department: string | null;
  inspector: string | null;
  createdAt: string;
  dueAt: string | null;
  cd: Countdown;
  counts: { rework: number; returns: number; urges: number; extends: number };
  mergedInto: { id: number; no: string } | null;
  pending: { kind: string; note: string | null; requester: string | null; minutes: number | null } | null;
};

export type CasePageProps = {
  c: CaseView;
  photos: { before: Photo[]; after: Photo[]; check: Photo[] };
  events: EventView[];
  actions: ActionView[];
  duplicates: { id: number; no: string; description: string; distance: number; stateName: string }[];
  opts: {
    inspectors: Opt[];
    categories: Opt[];
    /** `warn`: the department has no active accounts (where its notifications go instead). */
    departments: (Opt & { warn?: string | null })[];
    subunits: (Opt & { warn?: string | null })[];
    urgencies: Opt[];
  };
  proposal: { id: number; name: string; rule: string } | null;
  csrf: string;
  unread: number;
  /** May move the case on the map (更正位置), shown with the map outside the swapped actions. */
  canRelocate: boolean;
};

const PENDING: Record<string, string> = { return: "回退", extend: "延期", suspend: "挂账", cancel: "作废" };

const Photos = (p: { title: string; list: Photo[] }) => (
  <figure class="photos">
    <figcaption>
      {p.title}（{p.list.length}）
    </figcaption>
    {p.list.length ? (
      p.list.map((x) => (
        <a href={`/media/${x.id}`} target="_blank" rel="noopener">
          <img src={`/media/${x.id}`} alt={p.title} loading="lazy" />
        </a>
      ))
    ) : (
      <div class="muted">暂无照片</div>
    )}
  </figure>
);

function ActionForm(p: {
  a: ActionView;
  c: CaseView;
  o: CasePageProps["opts"];
  proposal: CasePageProps["proposal"];
  csrf: string;
}) {
  const { a, c, o } = p;
  const has = (f: Field) => a.fields.includes(f);
  const sel = (name: string, label: string, opts: (Opt & { warn?: string | null })[], value?: string) => (
    <label class="field">
      <span class="label">{label}</span>
      <select name={name} required>
        {groupOpts(opts).map(([g, xs]) => {
          const os = xs.map((x) => (
            <option value={x.value} selected={x.value === value} data-warn={x.warn ?? undefined}>
              {x.warn ? `${x.label}（⚠ ${x.warn}）` : x.label}
            </option>
          ));
          return g ? <optgroup label={g}>{os}</optgroup> : os;
        })}
      </select>
    </label>
  );
  /** Departments in the list that nobody would hear from, said before sending. */
  const warnings = (opts: (Opt & { warn?: string | null })[], only?: string) => {
    const w = opts.filter((x) => x.warn && (only === undefined || x.value === only));
    return w.length ? (
      <p class="alert warn dispatch-warn">
        {w.map((x) => (
          <span>
            {x.label}：{x.warn}。
          </span>
        ))}
      </p>
    ) : null;
  };
  const multipart = has("photos") || has("photosRequired");
  return (
    <details class="action" open={a.fields.length === 0 ? undefined : undefined}>
      <summary class={a.danger ? "danger" : ""}>{a.label}</summary>
      <form
        method="post"
        action={`/cases/${c.id}/${a.slug}`}
        enctype={multipart ? "multipart/form-data" : undefined}
        {...(multipart
          ? {}
          : { "hx-post": `/cases/${c.id}/${a.slug}`, "hx-target": "#case-main", "hx-swap": "outerHTML" })}
      >
        <Csrf token={p.csrf} />
        <input type="hidden" name="expect" value={c.state} />
        {a.hint && <p class="muted">{a.hint}</p>}
        {has("inspector") && sel("inspectorId", "监督员", o.inspectors)}
        {has("category") &&
          sel("categoryId", "问题类别", o.categories, c.categoryId ? String(c.categoryId) : undefined)}
        {has("urgency") && sel("urgency", "紧急程度", o.urgencies, c.urgencyKey)}
        {has("department") &&
          sel(
            "departmentId",
            `处置部门${p.proposal ? `（建议：${p.proposal.name}）` : ""}`,
            o.departments,
            p.proposal ? String(p.proposal.id) : undefined,
          )}
        {has("department") && warnings(o.departments, p.proposal ? String(p.proposal.id) : o.departments[0]?.value)}
        {has("subunit") && sel("departmentId", "下属处置单位", o.subunits)}
        {has("subunit") && warnings(o.subunits)}
        {has("hours") && (
          <label class="field">
            <span class="label">延期（工作小时）</span>
            <input type="number" name="hours" min="1" max="720" value="7" required />
          </label>
        )}
        {has("target") && (
          <label class="field">
            <span class="label">合并到案件编号</span>
            <input name="targetNo" placeholder="如 20261123-0042" required />
          </label>
        )}
        {has("genuine") && (
          <div class="checks">
            <label>
              <input type="radio" name="genuine" value="1" checked />
              情况属实
            </label>
            <label>
              <input type="radio" name="genuine" value="0" />
              情况不实
            </label>
          </div>
        )}
        {has("passfail") && (
          <div class="checks">
            <label>
              <input type="radio" name="pass" value="1" checked />
              核查通过
            </label>
            <label>
              <input type="radio" name="pass" value="0" />
              核查不通过（返工）
            </label>
          </div>
        )}
        {(has("note") || has("noteRequired")) && (
          <label class="field">
            <span class="label">{has("noteRequired") ? "意见/理由（必填）" : "备注"}</span>
            <textarea name="note" required={has("noteRequired")} />
          </label>
        )}
        {multipart && (
          <label class="field">
            <span class="label">照片{has("photosRequired") ? "（必传，JPEG/PNG/WebP）" : "（JPEG/PNG/WebP）"}</span>
            <input
              type="file"
              name="photos"
              accept="image/jpeg,image/png,image/webp"
              multiple
              required={has("photosRequired")}
            />
          </label>
        )}
        {has("approve") ? (
          <div class="row-actions">
            <button type="submit" name="approve" value="1">
              同意
            </button>
            <button type="submit" name="approve" value="0" class="danger">
              驳回
            </button>
          </div>
        ) : (
          <button type="submit" class={a.danger ? "danger" : ""}>
            {a.label}
          </button>
        )}
      </form>
    </details>
  );
}

export function CaseMain(p: CasePageProps) {
  const c = p.c;
  return (
    <div id="case-main" data-live={String(c.id)}>
      <div class="page-head">
        <h2>
          案件 {c.no} <StateBadge name={c.stateName} type={c.stateType} /> <DeadlineBadge cd={c.cd} id={c.id} />
        </h2>
        <div class="actions">
          <NotifyBell unread={p.unread} />
          <a class="btn secondary" href="/cases">
            返回列表
          </a>
        </div>
      </div>
      <LiveHint />
      <div class="case-grid">
        <section class="card facts">
          <dl>
            <dt>来源</dt>
            <dd>{c.source}</dd>
            <dt>类别</dt>
            <dd>{c.category ?? "未分类"}</dd>
            <dt>紧急程度</dt>
            <dd>{c.urgency}</dd>
            <dt>问题描述</dt>
            <dd>{c.description}</dd>
            <dt>地址</dt>
            <dd>
              {c.address ?? "—"}
              {c.lng != null && (
                <span class="muted">
                  （{c.lng.toFixed(6)}, {c.lat!.toFixed(6)}）
                </span>
              )}
            </dd>
            <dt>网格 / 街道</dt>
            <dd>
              {c.grid ?? "未匹配网格"} {c.town ?? ""} {c.community ?? ""}
            </dd>
            <dt>上报人</dt>
            <dd>
              {c.reporter ?? "—"}
              {c.reporterPhone && <a href={`/hotline/cases/${c.id}/call`}> 电话回访</a>}
            </dd>
            <dt>处置部门</dt>
            <dd>{c.department ?? "—"}</dd>
            <dt>监督员</dt>
            <dd>{c.inspector ?? "—"}</dd>
            <dt>上报时间</dt>
            <dd>{fmtTime(c.createdAt)}</dd>
            <dt>本阶段时限</dt>
            <dd>{c.dueAt ? fmtTime(c.dueAt) : "—"}</dd>
            <dt>统计</dt>
            <dd>
              返工 {c.counts.rework} 次 · 回退 {c.counts.returns} 次 · 督办 {c.counts.urges} 次 · 延期{" "}
              {c.counts.extends} 次
            </dd>
            {c.mergedInto && (
              <>
                <dt>已合并到</dt>
                <dd>
                  <a href={`/cases/${c.mergedInto.id}`}>{c.mergedInto.no}</a>
                </dd>
              </>
            )}
          </dl>
          {c.pending && (
            <div class="alert info">
              待审批：{PENDING[c.pending.kind]}申请（{c.pending.requester}）
              {c.pending.minutes ? `，${Math.round(c.pending.minutes / 60)} 工作小时` : ""}：{c.pending.note}
            </div>
          )}
        </section>
        <section class="card">
          <h3>可执行操作</h3>
          {p.actions.length ? (
            p.actions.map((a) => <ActionForm a={a} c={c} o={p.opts} proposal={p.proposal} csrf={p.csrf} />)
          ) : (
            <p class="muted">当前没有您可以执行的操作。</p>
          )}
          {p.duplicates.length > 0 && (
            <div class="dups">
              <h3>疑似重复（附近同类未结案件）</h3>
              <ul>
                {p.duplicates.map((d) => (
                  <li>
                    <a href={`/cases/${d.id}`}>{d.no}</a> {d.stateName} · 相距 {d.distance} 米 · {d.description}
                    {p.actions.some((a) => a.slug === "merge") && (
                      <form method="post" action={`/cases/${c.id}/merge`} class="inline">
                        <Csrf token={p.csrf} />
                        <input type="hidden" name="expect" value={c.state} />
                        <input type="hidden" name="targetNo" value={d.no} />
                        <button type="submit" class="link">
                          合并到此案件
                        </button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
      <section class="card">
        <h3>照片对比</h3>
        <div class="photo-compare">
          <Photos title="处置前" list={p.photos.before} />
          <Photos title="处置后" list={p.photos.after} />
          <Photos title="核查" list={p.photos.check} />
        </div>
      </section>
      <section class="card">
        <h3>办理过程</h3>
        <ol class="timeline">
          {p.events.map((e) => (
            <li>
              <time>{fmtTime(e.at)}</time> <b>{e.label}</b>{" "}
              <span class="muted">
                {e.actor} → {e.stateName}
              </span>
              {e.note && <div>{e.note}</div>}
              {e.detail && <div class="muted">{e.detail}</div>}
              {e.photos.length > 0 && (
                <div class="thumbs">
                  {e.photos.map((id) => (
                    <img src={`/media/${id}`} alt="照片" loading="lazy" />
                  ))}
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
/** The case's place on the map; before dispatch the supervision centre can move it (更正位置). */
export function CaseLocation(p: {
  id: number;
  state: string;
  csrf: string;
  canMove: boolean;
  hasPoint: boolean;
  map: any;
}) {
  return (
    <section class="card case-location">
      <h3>位置</h3>
      {!p.map && <p class="muted">此案件只有文字地址，没有地图坐标。</p>}
      {p.map && !p.canMove && p.map}
      {p.map && p.canMove && (
        <form method="post" action={`/cases/${p.id}/relocate`}>
          <Csrf token={p.csrf} />
          <input type="hidden" name="expect" value={p.state} />
          {p.map}
          <label class="field">
            <span class="label">更正说明</span>
            <input name="note" placeholder="如：实际位置在路口东北角" />
          </label>
          <button type="submit" class="secondary">
            {p.hasPoint ? "更正位置" : "设置位置"}
          </button>
        </form>
      )}
    </section>
  );
}
export { Badge };

/** Consecutive options with the same group, in order (ungrouped options under ""). */
function groupOpts<T extends Opt>(opts: T[]): [string, T[]][] {
  const out: [string, T[]][] = [];
  for (const o of opts) {
    const g = o.group ?? "";
    const last = out[out.length - 1];
    if (last && last[0] === g) last[1].push(o);
    else out.push([g, [o]]);
  }
  return out;
}
