// 问题上报 form: source, location (address and/or point), category, description, photos, reporter.
import type { Child } from "hono/jsx";
import { Field, Alert, PageHead } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";
import type { Opt } from "../cases/list.tsx";
import { CategoryPicker, type PickerGroupView } from "../catalog/picker.tsx";

export type ReportValues = Record<string, string>;
export function ReportForm(p: {
  map?: Child;
  csrf: string;
  values: ReportValues;
  errors: Record<string, string>;
  error?: string;
  /** The point is outside every unit grid: resubmitting confirms it (the question is the error text). */
  confirmOutside?: boolean;
  sources: Opt[];
  categories: PickerGroupView[];
  urgencies: Opt[];
}) {
  const v = p.values;
  const sel = (name: string, opts: Opt[], blank?: string) => (
    <select name={name}>
      {blank && <option value="">{blank}</option>}
      {opts.map((o) => (
        <option value={o.value} selected={v[name] === o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <>
      <PageHead title="问题上报" />
      {p.error && <Alert kind={p.confirmOutside ? "info" : "error"}>{p.error}</Alert>}
      <form method="post" action="/reports" enctype="multipart/form-data" class="card">
        <Csrf token={p.csrf} />
        {p.confirmOutside && <input type="hidden" name="confirm" value="1" id="confirm-outside" />}
        <div class="form-grid">
          <Field label="问题来源" name="source" error={p.errors.source}>
            {sel("source", p.sources)}
          </Field>
          <Field label="问题类别" name="categoryId" error={p.errors.categoryId}>
            <CategoryPicker name="categoryId" groups={p.categories} value={v.categoryId} blank="（待受理员判定）" />
          </Field>
          <Field label="紧急程度" name="urgency" error={p.errors.urgency}>
            {sel("urgency", p.urgencies)}
          </Field>
        </div>
        <Field label="问题描述" name="description" error={p.errors.description}>
          <textarea name="description" required>
            {v.description ?? ""}
          </textarea>
        </Field>
        <div class="form-grid">
          <Field label="地址" name="address" error={p.errors.address}>
            <input name="address" value={v.address ?? ""} placeholder="如：东门路 12 号北侧" />
          </Field>
          <Field label="上报人" name="reporterName" error={p.errors.reporterName}>
            <input name="reporterName" value={v.reporterName ?? ""} />
          </Field>
          <Field label="联系电话" name="reporterPhone" error={p.errors.reporterPhone}>
            <input name="reporterPhone" value={v.reporterPhone ?? ""} inputmode="tel" />
          </Field>
        </div>
        <div class={`field ${p.errors.lng || p.errors.lat ? "has-error" : ""}`}>
          <span class="label">位置（点击地图或拖动标记；单元网格、街道和附近部件随之更新）</span>
          {p.map}
          <noscript>
            <div class="form-grid">
              <Field label="经度" name="lng" hint="WGS-84，可留空">
                <input name="lng" value={v.lng ?? ""} inputmode="decimal" />
              </Field>
              <Field label="纬度" name="lat">
                <input name="lat" value={v.lat ?? ""} inputmode="decimal" />
              </Field>
            </div>
          </noscript>
          {(p.errors.lng || p.errors.lat) && <small class="error-text">{p.errors.lng ?? p.errors.lat}</small>}
        </div>
        <Field label="照片（可多张，JPEG/PNG/WebP，每张不超过 10 MB）" name="photos" error={p.errors.photos}>
          <input type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp" />
        </Field>
        <button type="submit">提交上报</button>
      </form>
    </>
  );
}
