// Citizen portal (/p/…): phone-first, no account. Props only, no DB.
import type { Child } from "hono/jsx";
import { Field, Alert, fmtTime, Empty } from "../ui/index.tsx";

const Csrf = (p: { token: string }) => <input type="hidden" name="_csrf" value={p.token} />;

export const PortalHome = (p: { county: string }) => (
  <div class="portal">
    <p class="p-lead">
      {p.county}城市管理问题反映平台。发现井盖缺失、垃圾堆积、占道经营等问题，可随手拍照反映，无需注册。
    </p>
    <a class="btn p-big" href="/p/report">
      我要反映问题
    </a>
    <a class="btn secondary p-big" href="/p/lookup">
      查询办理进度
    </a>
    <p class="hint">紧急情况请直接拨打 110 / 119 / 120。</p>
  </div>
);

export type ReportValues = Record<string, string | undefined>;
export type Groups = { label: string; items: { id: number; name: string }[] }[];

export const ReportForm = (p: {
  csrf: string;
  groups: Groups;
  values: ReportValues;
  errors: Record<string, string>;
  error?: string;
  /** The point is outside every unit grid: resubmitting confirms it (the question is the error text). */
  confirmOutside?: boolean;
  challenge: { id: string; question: string };
}) => (
  <form method="post" action="/p/report" enctype="multipart/form-data" class="portal p-form" id="report-form">
    <Csrf token={p.csrf} />
    <input type="hidden" name="challenge" value={p.challenge.id} />
    {p.error && <Alert kind={p.confirmOutside ? "info" : "error"}>{p.error}</Alert>}
    {p.confirmOutside && <input type="hidden" name="confirm" value="1" id="confirm-outside" />}
    <Field
      label="问题类型"
      name="categoryId"
      error={p.errors.categoryId}
      hint="选最接近的一项；不确定可选“说不清，由工作人员判断”"
    >
      <select name="categoryId">
        <option value="">说不清，由工作人员判断</option>
        {p.groups.map((g) => (
          <optgroup label={g.label}>
            {g.items.map((i) => (
              <option value={String(i.id)} selected={p.values.categoryId === String(i.id)}>
                {i.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Field>
    <Field label="问题描述" name="description" error={p.errors.description}>
      <textarea
        name="description"
        rows={4}
        required
        minlength={4}
        maxlength={2000}
        placeholder="例如：人民路与解放路口东侧人行道井盖缺失"
      >
        {p.values.description ?? ""}
      </textarea>
    </Field>
    <Field
      label="照片（可选，最多 6 张）"
      name="photos"
      error={p.errors.photos}
      hint="照片中的位置等信息会在公开前自动去除"
    >
      <input type="file" name="photos" accept="image/jpeg,image/png" multiple capture="environment" />
    </Field>
    <Field label="地点" name="address" error={p.errors.address} hint="填写地址，或点“使用我的位置”">
      <input name="address" value={p.values.address ?? ""} maxlength={200} placeholder="街道、门牌号或附近标志" />
    </Field>
    <input type="hidden" name="lng" value={p.values.lng ?? ""} />
    <input type="hidden" name="lat" value={p.values.lat ?? ""} />
    <p class="p-geo">
      <button type="button" class="secondary" id="use-location">
        使用我的位置
      </button>{" "}
      <span id="geo-status" class="hint">
        {p.values.lng ? `已定位：${p.values.lat}, ${p.values.lng}` : ""}
      </span>
    </p>
    <details class="p-contact" open={!!(p.values.name || p.values.phone)}>
      <summary>留下联系方式（可选，可匿名）</summary>
      <Field label="称呼" name="name" error={p.errors.reporterName}>
        <input name="name" value={p.values.name ?? ""} maxlength={50} />
      </Field>
      <Field
        label="手机号"
        name="phone"
        error={p.errors.reporterPhone}
        hint="留了手机号，才能用“案件编号 + 手机号”查询进度"
      >
        <input name="phone" type="tel" value={p.values.phone ?? ""} maxlength={20} inputmode="tel" />
      </Field>
    </details>
    <Field label={`验证：${p.challenge.question}`} name="answer" error={p.errors.answer}>
      <input name="answer" inputmode="numeric" required autocomplete="off" maxlength={4} />
    </Field>
    <button type="submit" class="p-big">
      {p.confirmOutside ? "确认提交" : "提交"}
    </button>
  </form>
);

export const Submitted = (p: { no: string; link: string }) => (
  <div class="portal">
    <Alert kind="ok">反映已提交，感谢您的参与！</Alert>
    <div class="card">
      <p>案件编号</p>
      <p class="p-no" id="case-no">
        {p.no}
      </p>
      <p>您的专属查询链接（请收藏，不要分享给他人）：</p>
      <p>
        <a id="private-link" href={p.link}>
          {p.link}
        </a>
      </p>
    </div>
    <a class="btn p-big" href={p.link}>
      查看办理进度
    </a>
  </div>
);

export type CaseViewProps = {
  csrf: string;
  token: string | null;
  no: string;
  stateName: string;
  closed: boolean;
  state: string;
  description: string;
  address: string | null;
  categoryName: string | null;
  createdAt: string;
  steps: { at: string; text: string }[];
  photos: { id: number }[];
  /** 处置反馈 (redacted note, after-photo ids), once the work is reported done. */
  result?: { note: string; at: string; photos: number[] } | null;
  rating: string | null;
  ratingName: string | null;
  canRate: boolean;
  flash?: Child;
};

export const CaseView = (p: CaseViewProps) => (
  <div class="portal">
    {p.flash}
    <div class="card">
      <p class="p-no">{p.no}</p>
      <p>
        <span class={`badge ${p.closed ? "grey" : "blue"}`} id="case-state">
          {p.stateName}
        </span>
      </p>
      <p>{p.description}</p>
      {p.address && <p class="hint">地点：{p.address}</p>}
      {p.categoryName && <p class="hint">类型：{p.categoryName}</p>}
      <p class="hint">反映时间：{fmtTime(p.createdAt)}</p>
      {p.photos.length > 0 && (
        <div class="p-photos">
          {p.photos.map((x) => (
            <img src={`/p/media/${x.id}`} alt="现场照片" loading="lazy" />
          ))}
        </div>
      )}
    </div>
    <h3>办理进度</h3>
    <ol class="p-steps">
      {p.steps.map((s) => (
        <li>
          <span class="hint">{fmtTime(s.at)}</span> {s.text}
        </li>
      ))}
    </ol>
    {p.result && p.token && (
      <div class="card p-result" id="case-result">
        <h3>处置结果</h3>
        <p class="hint">{fmtTime(p.result.at)}</p>
        <p>{p.result.note}</p>
        {p.result.photos.length > 0 && (
          <div class="p-photos">
            {p.result.photos.map((id) => (
              <img src={`/p/c/${p.token}/result/${id}`} alt="处置后照片" loading="lazy" />
            ))}
          </div>
        )}
      </div>
    )}
    {p.rating && <Alert kind="info">您的评价：{p.ratingName}。感谢反馈！</Alert>}
    {p.canRate && p.token && (
      <form method="post" action={`/p/c/${p.token}/rate`} class="card p-rate" id="rate-form">
        <Csrf token={p.csrf} />
        <p>对处理结果是否满意？</p>
        <label>
          <input type="radio" name="rating" value="satisfied" required /> 满意
        </label>
        <label>
          <input type="radio" name="rating" value="basic" /> 基本满意
        </label>
        <label>
          <input type="radio" name="rating" value="unsatisfied" /> 不满意
        </label>
        <Field label="意见（可选）" name="comment">
          <textarea name="comment" rows={2} maxlength={500}></textarea>
        </Field>
        <button type="submit">提交评价</button>
      </form>
    )}
  </div>
);

export const LookupForm = (p: { csrf: string; no?: string; error?: string }) => (
  <form method="post" action="/p/lookup" class="portal p-form">
    <Csrf token={p.csrf} />
    {p.error && <Alert kind="error">{p.error}</Alert>}
    <Field label="案件编号" name="no">
      <input name="no" value={p.no ?? ""} required placeholder="例如 20261123-0001" />
    </Field>
    <Field label="反映时留的手机号" name="phone">
      <input name="phone" type="tel" required inputmode="tel" />
    </Field>
    <button type="submit" class="p-big">
      查询
    </button>
  </form>
);

export type ReviewRow = {
  id: number;
  caseId: number;
  no: string;
  description: string;
  reason: string | null;
  createdAt: string;
  status: string;
  outcome: string | null;
};

export const ReviewPanel = (p: { open: number }) => (
  <section class="card" id="panel-public-reviews">
    <h3>群众不满意复核</h3>
    <p>
      {p.open > 0 ? (
        <a href="/public/reviews">
          <strong>{p.open}</strong> 件待复核
        </a>
      ) : (
        "暂无待复核"
      )}
    </p>
  </section>
);

export const ReviewList = (p: { csrf: string; open: ReviewRow[]; done: ReviewRow[] }) => (
  <div>
    <div class="page-head">
      <h2>群众不满意复核</h2>
    </div>
    {p.open.length === 0 ? (
      <Empty>没有待复核的不满意评价</Empty>
    ) : (
      <table class="table">
        <thead>
          <tr>
            <th>案件</th>
            <th>问题</th>
            <th>群众意见</th>
            <th>评价时间</th>
            <th>复核结论</th>
          </tr>
        </thead>
        <tbody>
          {p.open.map((r) => (
            <tr id={`review-${r.id}`}>
              <td>{r.no}</td>
              <td>{r.description.slice(0, 40)}</td>
              <td>{r.reason ?? "（未填写）"}</td>
              <td>{fmtTime(r.createdAt)}</td>
              <td>
                <form method="post" action={`/public/reviews/${r.id}/done`} class="inline">
                  <Csrf token={p.csrf} />
                  <input name="outcome" required placeholder="复核结论" />{" "}
                  <label>
                    <input type="checkbox" name="reopen" value="1" /> 重新办理
                  </label>{" "}
                  <button type="submit">完成复核</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.done.length > 0 && (
      <>
        <h3>已复核</h3>
        <ul>
          {p.done.map((r) => (
            <li>
              {r.no}：{r.outcome}
            </li>
          ))}
        </ul>
      </>
    )}
  </div>
);
