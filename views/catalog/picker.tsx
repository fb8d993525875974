// The category picker every channel uses: all classes of the active edition, big class → small class
// (optgroup), with a small filter box (name or code) driven by /assets/category-picker.js.
import { Csrf } from "../layouts/shell.tsx";

export type PickerOpt = { value: string; label: string; search: string };
export type PickerGroupView = { label: string; items: PickerOpt[] };

export function CategoryPicker(p: {
  name: string;
  groups: PickerGroupView[];
  value?: string;
  blank?: string;
  required?: boolean;
  id?: string;
}) {
  const id = p.id ?? `pick-${p.name}`;
  return (
    <span class="category-picker">
      <input
        type="search"
        class="category-filter"
        data-picker-for={id}
        placeholder="按名称或代码筛选"
        aria-label="筛选类别"
        autocomplete="off"
      />
      <select name={p.name} id={id} required={p.required}>
        {p.blank !== undefined && <option value="">{p.blank}</option>}
        {p.groups.map((g) => (
          <optgroup label={g.label}>
            {g.items.map((o) => (
              <option value={o.value} data-search={o.search} selected={p.value === o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <script src="/assets/category-picker.js" defer></script>
    </span>
  );
}

export function EditionForm(p: { csrf: string; editions: { value: string; label: string }[]; active: string }) {
  return (
    <form method="post" action="/admin/categories/edition" class="filters card">
      <Csrf token={p.csrf} />
      <label>
        现行分类标准：
        <select name="edition">
          {p.editions.map((e) => (
            <option value={e.value} selected={e.value === p.active}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">设为现行版本</button>
      <a href="/admin/categories/map">旧版类别映射与迁移</a>
      <span class="muted">
        上报、派遣规则、公众门户、热线、12345 与 Open311 均使用现行版本；旧版代码的案件保留原代码并标注版本。
      </span>
    </form>
  );
}
