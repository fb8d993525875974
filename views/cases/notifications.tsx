import { PageHead, Empty, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export function NotificationList(p: {
  rows: {
    id: number;
    kind: string;
    text: string;
    created_at: string;
    read_at: string | null;
    case_id: number | null;
  }[];
  csrf: string;
  unread: number;
}) {
  return (
    <>
      <PageHead title={`通知（未读 ${p.unread}）`}>
        <form method="post" action="/notifications/read">
          <Csrf token={p.csrf} />
          <button type="submit" class="secondary">
            全部标为已读
          </button>
        </form>
      </PageHead>
      {p.rows.length ? (
        <table>
          <tbody>
            {p.rows.map((n) => (
              <tr class={n.read_at ? "" : "unread"}>
                <td>{fmtTime(n.created_at)}</td>
                <td>
                  {n.case_id ? (
                    <a href={`/cases/${n.case_id}`}>{n.text}</a>
                  ) : n.kind === "digest" ? (
                    <a href="/">{n.text}</a>
                  ) : (
                    n.text
                  )}
                </td>
                <td>{n.read_at ? "已读" : <b>未读</b>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>暂无通知。</Empty>
      )}
    </>
  );
}

export const CaseStyles = () => (
  <style
    dangerouslySetInnerHTML={{
      __html: `
.queues{display:flex;flex-wrap:wrap;gap:.3rem;margin-bottom:.8rem}.queues a{padding:.3rem .7rem;border:1px solid var(--line);border-radius:14px;background:#fff;color:var(--ink)}
.queues a.active{background:var(--blue);color:#fff;border-color:var(--blue)}
.count{display:inline-block;min-width:1.3rem;text-align:center;margin-left:.3rem;padding:0 .35rem;border-radius:9px;background:#eceff2;color:var(--muted);font-size:.8rem}
.count.on{background:var(--red);color:#fff}.bell{align-self:center}
table.cases td.desc{max-width:26rem}
.case-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
.facts dl{display:grid;grid-template-columns:7rem 1fr;gap:.35rem .8rem;margin:0}.facts dt{color:var(--muted)}.facts dd{margin:0}
details.action{border:1px solid var(--line);border-radius:5px;margin-bottom:.5rem;background:#fafcff}
details.action summary{cursor:pointer;padding:.5rem .8rem;font-weight:600;color:var(--blue)}details.action summary.danger{color:var(--red)}
details.action form{padding:.3rem .8rem .8rem}.row-actions{display:flex;gap:.5rem}
.photo-compare{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:1rem}
.photos{margin:0}.photos figcaption{font-weight:600;margin-bottom:.4rem}.photos img{width:100%;max-height:260px;object-fit:cover;border-radius:4px;margin-bottom:.4rem;border:1px solid var(--line)}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #cfe0f3}.timeline li{padding:.4rem .8rem;position:relative}
.timeline li::before{content:"";position:absolute;left:-7px;top:.85rem;width:11px;height:11px;border-radius:50%;background:var(--blue)}
.timeline time{color:var(--muted);font-size:.9rem}.thumbs img{height:64px;margin:.3rem .3rem 0 0;border-radius:3px}
tr.unread td{background:#fffbe8}
@media (max-width:900px){.case-grid,.photo-compare{grid-template-columns:1fr}}
`,
    }}
  />
);
