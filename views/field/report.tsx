// 上报问题: photos (compressed on the phone), GPS with accuracy and a draggable pin, grid and
// street, category with search and recent choices first, optional component, description.
// The form is driven by field.js: it puts the report into the offline queue and sends it.
import type { CategoryOption } from "../../server/field/queries.ts";
import { QueueBar } from "./parts.tsx";

export type ReportProps = { recent: CategoryOption[]; all: CategoryOption[]; maxPhotos: number };

const KIND = { component: "部件", event: "事件" } as const;

const CatOption = (p: { c: CategoryOption; recent?: boolean }) => (
  <label class={`f-cat${p.recent ? " recent" : ""}`} data-search={`${p.c.code} ${p.c.big_name} ${p.c.small_name}`}>
    <input type="radio" name="categoryId" value={String(p.c.id)} required />
    <span class="name">{p.c.small_name}</span>
    <span class="muted small">
      {KIND[p.c.kind]} · {p.c.big_name} · {p.c.code}
    </span>
  </label>
);

export function ReportForm(p: ReportProps) {
  return (
    <>
      <QueueBar />
      <form id="report-form" class="f-form" data-report-form data-max-photos={String(p.maxPhotos)} novalidate>
        <section class="f-card">
          <h3>1 现场照片</h3>
          <div class="f-photos" data-photos></div>
          <label class="btn f-big f-photo-btn">
            拍照 / 选择照片
            <input type="file" accept="image/*" capture="environment" multiple data-photo-input hidden />
          </label>
          <small class="hint">照片会在手机上压缩后上传（最多 {p.maxPhotos} 张）</small>
          <div class="error-text" data-error="photos"></div>
        </section>

        <section class="f-card">
          <h3>2 位置</h3>
          <div class="f-gps" data-gps>
            <span data-gps-status>正在获取定位…</span>
          </div>
          <div class="f-map" id="pick-map" data-pick-map aria-label="拖动红色标记调整位置"></div>
          <small class="hint">拖动红色标记可调整位置</small>
          <dl class="f-where" data-where>
            <dt>单元网格</dt>
            <dd data-grid>—</dd>
            <dt>街道 / 社区</dt>
            <dd data-street>—</dd>
            <dt>责任网格</dt>
            <dd data-resp>—</dd>
          </dl>
          <input type="hidden" name="lng" data-lng />
          <input type="hidden" name="lat" data-lat />
          <input type="hidden" name="accuracy" data-accuracy />
          <label class="field">
            <span class="label">地址描述（可选）</span>
            <input name="address" maxlength={200} placeholder="如：人民路与解放路交叉口东北角" />
          </label>
          <div class="error-text" data-error="lng"></div>
        </section>

        <section class="f-card">
          <h3>3 问题类别</h3>
          <input type="search" class="f-search" placeholder="搜索类别，如：井盖、垃圾、占道" data-cat-search />
          <div class="f-cats" data-cats>
            {p.recent.length > 0 && <div class="f-sub">最近使用</div>}
            {p.recent.map((c) => (
              <CatOption c={c} recent />
            ))}
            {p.recent.length > 0 && <div class="f-sub">全部类别</div>}
            {p.all.map((c) => (
              <CatOption c={c} />
            ))}
          </div>
          <div class="error-text" data-error="categoryId"></div>
        </section>

        <section class="f-card">
          <h3>4 部件（可选）</h3>
          <div class="f-comps" data-comps>
            <span class="muted">定位后显示附近部件</span>
          </div>
          <label class="field">
            <span class="label">或输入部件编号</span>
            <input
              name="componentCode"
              inputmode="numeric"
              maxlength={30}
              placeholder="部件标识牌上的编号"
              data-comp-code
            />
          </label>
        </section>

        <section class="f-card">
          <h3>5 问题描述</h3>
          <textarea
            name="description"
            maxlength={500}
            rows={3}
            placeholder="简要描述问题"
            required
            data-desc
          ></textarea>
          <div class="f-quick">
            {["井盖缺失", "井盖破损", "垃圾满溢", "占道经营", "乱张贴", "路面破损"].map((t) => (
              <button type="button" class="secondary" data-quick={t}>
                {t}
              </button>
            ))}
          </div>
          <div class="error-text" data-error="description"></div>
        </section>

        <div id="form-msg" class="f-msg" data-form-msg aria-live="polite"></div>
        <button type="submit" class="f-big f-submit" data-submit>
          提交上报
        </button>
      </form>
    </>
  );
}
