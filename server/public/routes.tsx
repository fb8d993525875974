// Citizen portal under /p/… (no account; CSRF kept: these are browser posts) and the shift
// lead's review list for 不满意 ratings.
import type { NavEntry } from "../core/nav.ts";
import type { Panel } from "../core/workbench.ts";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, parseForm, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import { getSetting } from "../core/settings.ts";
import { ASSETS } from "../core/assets.ts";
import { clientIp } from "../auth/index.ts";
import { Alert } from "../../views/ui/index.tsx";
import {
  PortalHome,
  ReportForm,
  Submitted,
  CaseView,
  LookupForm,
  ReviewList,
  ReviewPanel,
  type ReportValues,
} from "../../views/public/portal.tsx";
import publicJs from "../../views/assets/public.js" with { type: "file" };
import publicCss from "../../views/assets/public.css" with { type: "file" };
import { rateLimit, newChallenge, checkChallenge } from "./abuse.ts";
import { portalGroups } from "./categories.ts";
import { storeUploads } from "./media.ts";
import { stripMetadata } from "./exif.ts";
import { submitReport } from "./verbs/submit-report.ts";
import { rateCase, RATINGS, type Rating } from "./verbs/rate-case.ts";
import { closeReview } from "./verbs/close-review.ts";
import {
  caseByToken,
  caseByNoAndPhone,
  publicTimeline,
  publicPhotos,
  publicPhoto,
  publicResult,
  publicResultPhoto,
  reviews,
  type PublicCase,
} from "./queries.ts";

ASSETS.set("public.js", publicJs);
ASSETS.set("public.css", publicCss);

export const REPORT_LIMIT = { perHour: 5 };
export const LOOKUP_LIMIT = { per10min: 10 };
/** Largest anonymous report body: a few phone photos (each ≤ 10 MB); other anonymous posts get 256 KiB. */
export const PORTAL_BODY_LIMIT = 32 * 1024 * 1024;
const REVIEWERS = ["shift_lead"] as const;

// Location: address + browser geolocation (WGS-84). The maps module's picker (branch `maps`,
// not in main yet) needs its /api/maps/locate, which is for signed-in users only.
const head = () => (
  <>
    <link rel="stylesheet" href="/assets/public.css" />
    <script src="/assets/public.js" defer></script>
  </>
);

function reportForm(c: Ctx, values: ReportValues, err?: AppError) {
  const { db } = c.get("deps");
  return page(
    c,
    <ReportForm
      csrf={c.get("csrf")}
      groups={portalGroups(db)}
      values={values}
      errors={err?.fields ?? {}}
      error={err?.message}
      confirmOutside={err?.code === "location.unconfirmed"}
      challenge={newChallenge(c.get("deps").config.dataDir)}
    />,
    { title: "反映问题", layout: "mobile", back: "/p", head: head(), status: err?.status },
  );
}

function caseView(c: Ctx, pc: PublicCase, flash?: string) {
  const { db } = c.get("deps");
  return page(
    c,
    <CaseView
      csrf={c.get("csrf")}
      token={pc.token}
      no={pc.no}
      state={pc.state}
      stateName={pc.stateName}
      closed={pc.closed}
      description={pc.description}
      address={pc.address}
      categoryName={pc.categoryName}
      createdAt={pc.createdAt}
      steps={publicTimeline(db, pc.id)}
      photos={publicPhotos(db, pc.id)}
      result={publicResult(db, pc)}
      rating={pc.rating}
      ratingName={pc.rating ? RATINGS[pc.rating as Rating] : null}
      canRate={pc.state === "closed" && !pc.rating}
      flash={flash ? <Alert kind="ok">{flash}</Alert> : undefined}
    />,
    { title: `案件 ${pc.no}`, layout: "mobile", back: "/p", head: head() },
  );
}

const num = (s: string | undefined) => (s?.trim() && Number.isFinite(Number(s)) ? Number(s) : null);

export const NAV: NavEntry[] = [
  { href: "/public/reviews", label: "不满意复核", group: "受理", roles: REVIEWERS, order: 40 },
];

export const PANELS: Panel[] = [
  {
    roles: REVIEWERS,
    order: 30,
    render: (c) => <ReviewPanel open={reviews(c.get("deps").db, "open").length} />,
  },
];

export function registerPublicPortal(router: Router) {
  router.get("/p", "public", (c) =>
    page(c, <PortalHome county={getSetting(c.get("deps").db, "county.name")} />, {
      title: "城市管理问题反映",
      layout: "mobile",
      head: head(),
    }),
  );

  router.get("/p/report", "public", (c) => reportForm(c, {}));

  // The rate limit runs before the (up to PORTAL_BODY_LIMIT) body is read.
  const reportFirst = (c: Ctx) => {
    try {
      rateLimit(c.get("deps").db, `report:${clientIp(c)}`, REPORT_LIMIT.perHour, 3600_000);
    } catch (e) {
      if (e instanceof AppError) return reportForm(c, {}, e);
      throw e;
    }
  };
  router.postBody("/p/report", "public", { maxBytes: PORTAL_BODY_LIMIT, before: reportFirst }, async (c) => {
    const { db, config } = c.get("deps");
    const body = await parseForm(c);
    const f = await formFields(c);
    const values: ReportValues = {
      categoryId: f.categoryId,
      description: f.description,
      address: f.address,
      lng: f.lng,
      lat: f.lat,
      name: f.name,
      phone: f.phone,
    };
    try {
      checkChallenge(db, config.dataDir, f.challenge, f.answer);
      const raw = body.photos;
      const photos = await storeUploads(config.dataDir, raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
      const r = submitReport(
        db,
        { kind: "public" },
        {
          channel: "portal",
          categoryId: num(f.categoryId),
          description: f.description ?? "",
          address: f.address || null,
          lng: num(f.lng),
          lat: num(f.lat),
          name: f.name || null,
          phone: f.phone || null,
          photos,
          locationCheck: { confirmed: f.confirm === "1" },
        },
      );
      const link = `${new URL(c.req.url).origin}/p/c/${r.token}`;
      return page(c, <Submitted no={r.no} link={link} />, {
        title: "提交成功",
        layout: "mobile",
        back: "/p",
        head: head(),
      });
    } catch (e) {
      if (e instanceof AppError && (e.kind === "validation" || e.kind === "too_many")) return reportForm(c, values, e);
      throw e;
    }
  });

  router.get("/p/c/:token", "public", (c) => {
    const pc = caseByToken(c.get("deps").db, c.req.param("token") ?? "");
    if (!pc) throw NotFound("案件");
    return caseView(c, pc, c.req.query("rated") ? "评价已提交，感谢您的反馈！" : undefined);
  });

  router.post("/p/c/:token/rate", "public", async (c) => {
    const { db } = c.get("deps");
    const pc = caseByToken(db, c.req.param("token") ?? "");
    if (!pc) throw NotFound("案件");
    rateLimit(db, `rate:${clientIp(c)}`, 20, 3600_000);
    const f = await formFields(c);
    rateCase(db, { kind: "public" }, { caseId: pc.id, rating: f.rating as Rating, comment: f.comment || null });
    return c.redirect(`/p/c/${pc.token}?rated=1`, 303);
  });

  router.get("/p/lookup", "public", (c) =>
    page(c, <LookupForm csrf={c.get("csrf")} />, { title: "查询进度", layout: "mobile", back: "/p", head: head() }),
  );

  router.post("/p/lookup", "public", async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    try {
      rateLimit(db, `lookup:${clientIp(c)}`, LOOKUP_LIMIT.per10min, 600_000);
    } catch (e) {
      return page(c, <LookupForm csrf={c.get("csrf")} no={f.no} error={(e as Error).message} />, {
        title: "查询进度",
        layout: "mobile",
        back: "/p",
        head: head(),
        status: 429,
      });
    }
    const pc = caseByNoAndPhone(db, f.no ?? "", f.phone ?? "");
    if (!pc?.token) {
      return page(c, <LookupForm csrf={c.get("csrf")} no={f.no} error="没有找到该案件，请核对案件编号和手机号" />, {
        title: "查询进度",
        layout: "mobile",
        back: "/p",
        head: head(),
        status: 404,
      });
    }
    return c.redirect(`/p/c/${pc.token}`, 303);
  });

  // After-photos of the 处置反馈 are the staff's originals: served only through the case's private
  // link, rebuilt from the image data alone (exif.ts) on every request.
  router.get("/p/c/:token/result/:id", "public", (c) => {
    const { db, config } = c.get("deps");
    const pc = caseByToken(db, c.req.param("token") ?? "");
    const m = pc && publicResultPhoto(db, pc, Number(c.req.param("id")));
    const abs = m && join(config.dataDir, "media", m.path);
    const clean = abs && existsSync(abs) ? stripMetadata(readFileSync(abs)) : null;
    if (!clean) throw NotFound("照片");
    return c.body(new Uint8Array(clean.bytes), 200, {
      "content-type": clean.mime,
      "cache-control": "private, max-age=86400",
    });
  });

  router.get("/p/media/:id", "public", (c) => {
    const { db, config } = c.get("deps");
    const m = publicPhoto(db, Number(c.req.param("id")));
    const abs = m && join(config.dataDir, "media", m.path);
    if (!m || !abs || !existsSync(abs)) throw NotFound("照片");
    return c.body(readFileSync(abs), 200, { "content-type": m.mime, "cache-control": "private, max-age=86400" });
  });

  // The shift lead's list of 不满意 reviews.
  router.get("/public/reviews", REVIEWERS, (c) => {
    const db = c.get("deps").db;
    return page(
      c,
      <ReviewList csrf={c.get("csrf")} open={reviews(db, "open")} done={reviews(db, "done").slice(0, 20)} />,
      { title: "不满意复核" },
    );
  });
  router.post("/public/reviews/:id/done", REVIEWERS, async (c) => {
    const f = await formFields(c);
    closeReview(c.get("deps").db, requireUser(c), {
      reviewId: Number(c.req.param("id")),
      outcome: f.outcome ?? "",
      reopen: f.reopen === "1",
    });
    return c.redirect("/public/reviews", 303);
  });
}
