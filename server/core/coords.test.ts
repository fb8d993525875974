import { describe, expect, test } from "bun:test";
import {
  bd09ToGcj02,
  bd09ToWgs84,
  fromWgs84,
  gcj02ToBd09,
  gcj02ToWgs84,
  haversineMeters,
  outOfChina,
  toWgs84,
  wgs84ToBd09,
  wgs84ToGcj02,
  type LngLat,
} from "./coords";
import { mulberry32 } from "../core/prng.ts";

describe("haversineMeters", () => {
  test("known distances", () => {
    expect(haversineMeters([0, 0], [0, 0])).toBe(0);
    // One degree of latitude on the mean sphere: 2πR/360.
    expect(haversineMeters([116, 39], [116, 40])).toBeCloseTo(111195.08, 1);
    // One degree of longitude on the equator, same length.
    expect(haversineMeters([0, 0], [1, 0])).toBeCloseTo(111195.08, 1);
    // At 60° N: 2R·asin(cos 60° · sin 0.5°), a little shorter than the
    // 55,597.54 m arc along the parallel because the great circle cuts north.
    expect(haversineMeters([10, 60], [11, 60])).toBeCloseTo(55597.01, 1);
    // Beijing (Tiananmen) – Shanghai (People's Square): about 1,067 km.
    const d = haversineMeters([116.3975, 39.9087], [121.4737, 31.2304]);
    expect(d).toBeGreaterThan(1_065_000);
    expect(d).toBeLessThan(1_070_000);
  });

  test("symmetric and antipodal", () => {
    const a: LngLat = [113.26, 23.13];
    const b: LngLat = [87.62, 43.82];
    expect(haversineMeters(a, b)).toBe(haversineMeters(b, a));
    expect(haversineMeters([0, 0], [180, 0])).toBeCloseTo(Math.PI * 6371008.8, 3);
  });
});

describe("outOfChina", () => {
  test("conventional bounding box", () => {
    expect(outOfChina(116.39, 39.9)).toBe(false); // Beijing
    expect(outOfChina(87.62, 43.82)).toBe(false); // Urumqi
    expect(outOfChina(-0.1276, 51.5072)).toBe(true); // London
    expect(outOfChina(139.69, 35.68)).toBe(true); // Tokyo, east of 137.8347
    expect(outOfChina(72.003, 30)).toBe(true);
    expect(outOfChina(72.004, 30)).toBe(false);
    expect(outOfChina(100, 55.8272)).toBe(true);
  });
});

describe("WGS-84 → GCJ-02", () => {
  test("published test vectors (googollee/eviltransform test suite), within 1 cm", () => {
    // [wgsLng, wgsLat, gcjLng, gcjLat]
    const vectors: [number, number, number, number][] = [
      [121.5272106, 31.1774276, 121.531541859215, 31.17530398364597], // Shanghai
      [113.912316, 22.543847, 113.9171764808363, 22.540796131694766], // Shenzhen
      [116.377817, 39.911954, 116.38404722455657, 39.91334545536069], // Beijing
    ];
    for (const [wl, wb, gl, gb] of vectors) {
      expect(haversineMeters(wgs84ToGcj02(wl, wb), [gl, gb])).toBeLessThan(0.01);
      expect(haversineMeters(gcj02ToWgs84(gl, gb), [wl, wb])).toBeLessThan(0.01);
    }
  });

  test("published vector (wandergis/coordtransform README), to 1e-9°", () => {
    const [lng, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lng).toBeCloseTo(116.41024449916938, 9);
    expect(lat).toBeCloseTo(39.91640428150164, 9);
  });

  test("the widely cited Tiananmen pair matches to within 2 m", () => {
    // WGS84 (116.3912757, 39.906217) ↔ GCJ-02 (116.397533, 39.907617), quoted to ~6 decimals.
    const gcj = wgs84ToGcj02(116.3912757, 39.906217);
    expect(haversineMeters(gcj, [116.397533, 39.907617])).toBeLessThan(2);
    // The offset itself is hundreds of metres, so the test can fail.
    expect(haversineMeters(gcj, [116.3912757, 39.906217])).toBeGreaterThan(500);
    expect(gcj[0]).toBeCloseTo(116.3975167, 6);
    expect(gcj[1]).toBeCloseTo(39.9076182, 6);
  });

  test("identity outside China", () => {
    expect(wgs84ToGcj02(-0.1276, 51.5072)).toEqual([-0.1276, 51.5072]);
    expect(gcj02ToWgs84(139.69, 35.68)).toEqual([139.69, 35.68]);
  });

  test("rejects non-finite input", () => {
    expect(() => wgs84ToGcj02(Number.NaN, 30)).toThrow(RangeError);
    expect(() => toWgs84(116, Number.POSITIVE_INFINITY, "gcj02")).toThrow(RangeError);
  });
});

describe("GCJ-02 → WGS-84 inversion", () => {
  test("beats the naive one-step inverse", () => {
    // The one-step inverse the coordtransform README prints for (116.404, 39.915).
    const naive: LngLat = [116.39775550083061, 39.91359571849836];
    const exact = gcj02ToWgs84(116.404, 39.915);
    expect(haversineMeters(exact, naive)).toBeLessThan(1); // same neighbourhood
    expect(haversineMeters(wgs84ToGcj02(exact[0], exact[1]), [116.404, 39.915])).toBeLessThan(0.001);

    // Across China the one-step inverse (w = 2g − f(g)) is off by metres; ours is not.
    const rand = mulberry32(7);
    let naiveWorst = 0;
    let exactWorst = 0;
    for (let i = 0; i < 2000; i++) {
      const g: LngLat = [73.5 + rand() * 61.5, 18 + rand() * 35.5];
      const f = wgs84ToGcj02(g[0], g[1]);
      const oneStep: LngLat = [2 * g[0] - f[0], 2 * g[1] - f[1]];
      naiveWorst = Math.max(naiveWorst, haversineMeters(wgs84ToGcj02(oneStep[0], oneStep[1]), g));
      const w = gcj02ToWgs84(g[0], g[1]);
      exactWorst = Math.max(exactWorst, haversineMeters(wgs84ToGcj02(w[0], w[1]), g));
    }
    expect(naiveWorst).toBeGreaterThan(0.5);
    expect(exactWorst).toBeLessThan(0.001);
  });

  test("round trip < 0.5 m (in fact < 1 mm) at 5,000 random points across China", () => {
    const rand = mulberry32(2000);
    let worst = 0;
    for (let i = 0; i < 5000; i++) {
      const lng = 73.5 + rand() * (135 - 73.5);
      const lat = 18 + rand() * (53.5 - 18);
      const [gl, gb] = wgs84ToGcj02(lng, lat);
      const back = gcj02ToWgs84(gl, gb);
      worst = Math.max(worst, haversineMeters(back, [lng, lat]));
      // And the other direction: treat the random point as GCJ-02.
      const w = gcj02ToWgs84(lng, lat);
      worst = Math.max(worst, haversineMeters(wgs84ToGcj02(w[0], w[1]), [lng, lat]));
    }
    expect(worst).toBeLessThan(0.001);
  });

  test("county seats and extremes", () => {
    const places: LngLat[] = [
      [126.63, 45.75], // Harbin
      [87.62, 43.82], // Urumqi
      [91.11, 29.65], // Lhasa
      [109.51, 18.25], // Sanya
      [121.47, 31.23], // Shanghai
      [104.07, 30.57], // Chengdu
      [73.6, 39.4], // far west
      [134.7, 48.3], // far east
    ];
    for (const [lng, lat] of places) {
      const g = wgs84ToGcj02(lng, lat);
      const offset = haversineMeters(g, [lng, lat]);
      expect(offset).toBeGreaterThan(10);
      expect(offset).toBeLessThan(1000);
      expect(haversineMeters(gcj02ToWgs84(g[0], g[1]), [lng, lat])).toBeLessThan(0.001);
    }
  });
});

describe("BD-09", () => {
  test("published vectors (wandergis/coordtransform README)", () => {
    const bd = gcj02ToBd09(116.404, 39.915);
    expect(bd[0]).toBeCloseTo(116.41036949371029, 9);
    expect(bd[1]).toBeCloseTo(39.92133699351021, 9);
    // Their one-step inverse; ours refines it, so agree to ~1 m.
    const gcj = bd09ToGcj02(116.404, 39.915);
    expect(haversineMeters(gcj, [116.39762729119315, 39.90865673957631])).toBeLessThan(1);
  });

  test("Beijing railway station GCJ-02 (116.42703, 39.90245) ↔ BD-09 (116.43351, 39.90851), 5-decimal sources", () => {
    expect(haversineMeters(gcj02ToBd09(116.42703, 39.90245), [116.43351, 39.90851])).toBeLessThan(2);
    expect(haversineMeters(bd09ToGcj02(116.43351, 39.90851), [116.42703, 39.90245])).toBeLessThan(2);
  });

  test("round trips to < 1 mm", () => {
    const rand = mulberry32(909);
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const p: LngLat = [73.5 + rand() * 61.5, 18 + rand() * 35.5];
      const g = bd09ToGcj02(p[0], p[1]);
      worst = Math.max(worst, haversineMeters(gcj02ToBd09(g[0], g[1]), p));
      const w = bd09ToWgs84(p[0], p[1]);
      worst = Math.max(worst, haversineMeters(wgs84ToBd09(w[0], w[1]), p));
    }
    expect(worst).toBeLessThan(0.001);
  });
});

describe("toWgs84 / fromWgs84", () => {
  test("dispatch by CRS", () => {
    const p: LngLat = [116.404, 39.915];
    expect(toWgs84(p[0], p[1], "wgs84")).toEqual(p);
    expect(toWgs84(p[0], p[1], "cgcs2000")).toEqual(p);
    expect(toWgs84(p[0], p[1], "gcj02")).toEqual(gcj02ToWgs84(p[0], p[1]));
    expect(toWgs84(p[0], p[1], "bd09")).toEqual(bd09ToWgs84(p[0], p[1]));
    expect(fromWgs84(p[0], p[1], "gcj02")).toEqual(wgs84ToGcj02(p[0], p[1]));
    expect(fromWgs84(p[0], p[1], "bd09")).toEqual(wgs84ToBd09(p[0], p[1]));
    expect(fromWgs84(p[0], p[1], "cgcs2000")).toEqual(p);
    expect(() => toWgs84(p[0], p[1], "epsg3857" as never)).toThrow(RangeError);
  });

  test("a phone's GCJ-02 fix lands back on the surveyed WGS-84 point", () => {
    const surveyed: LngLat = [115.8921, 28.6765]; // Nanchang
    const phone = fromWgs84(surveyed[0], surveyed[1], "gcj02");
    expect(haversineMeters(phone, surveyed)).toBeGreaterThan(100);
    expect(haversineMeters(toWgs84(phone[0], phone[1], "gcj02"), surveyed)).toBeLessThan(0.001);
    const baidu = fromWgs84(surveyed[0], surveyed[1], "bd09");
    expect(haversineMeters(toWgs84(baidu[0], baidu[1], "bd09"), surveyed)).toBeLessThan(0.001);
  });
});
