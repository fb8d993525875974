import { describe, expect, test } from "bun:test";
import {
  buildGridIndex,
  compareGridIds,
  GridIndexError,
  polygonContains,
  validatePolygon,
  type GridInput,
  type PolygonCoordinates,
} from "./spatial";

/** Closed axis-aligned square ring, counter-clockwise. */
function square(x0: number, y0: number, size: number): number[][] {
  return [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ];
}

const poly = (...rings: number[][][]) => ({ type: "Polygon" as const, coordinates: rings });

describe("compareGridIds", () => {
  test("numbers before strings, numbers by value, strings by code units", () => {
    const ids = ["360121101003012", 10, "360121101003002", 2, "A", -1];
    expect([...ids].sort(compareGridIds)).toEqual([-1, 2, 10, "360121101003002", "360121101003012", "A"]);
    expect(compareGridIds(3, 3)).toBe(0);
  });
});

describe("lookup in a 2 × 2 block of unit squares", () => {
  // ids laid out:   3 | 4
  //                 --+--     (y up)
  //                 1 | 2
  const grids: GridInput[] = [
    { id: 4, polygon: poly(square(1, 1, 1)) },
    { id: 2, polygon: poly(square(1, 0, 1)) },
    { id: 1, polygon: poly(square(0, 0, 1)) },
    { id: 3, polygon: poly(square(0, 1, 1)) },
  ];
  const index = buildGridIndex(grids);

  test("interior points", () => {
    expect(index.size).toBe(4);
    expect(index.lookup(0.5, 0.5)).toBe(1);
    expect(index.lookup(1.5, 0.5)).toBe(2);
    expect(index.lookup(0.5, 1.5)).toBe(3);
    expect(index.lookup(1.5, 1.5)).toBe(4);
    expect(index.lookup(1.999999, 1.999999)).toBe(4);
  });

  test("outside everything", () => {
    expect(index.lookup(-0.5, 0.5)).toBeNull();
    expect(index.lookup(2.5, 2.5)).toBeNull();
    expect(index.lookup(1, 2.0000001)).toBeNull();
    expect(index.lookup(Number.NaN, 1)).toBeNull();
  });

  test("shared edge goes to the smaller id", () => {
    expect(index.lookupAll(1, 0.5)).toEqual([1, 2]);
    expect(index.lookup(1, 0.5)).toBe(1); // between 1 and 2
    expect(index.lookup(1, 1.5)).toBe(3); // between 3 and 4
    expect(index.lookup(0.5, 1)).toBe(1); // between 1 and 3
    expect(index.lookup(1.5, 1)).toBe(2); // between 2 and 4
  });

  test("shared vertex of all four goes to the smallest id", () => {
    expect(index.lookupAll(1, 1)).toEqual([1, 2, 3, 4]);
    expect(index.lookup(1, 1)).toBe(1);
  });

  test("outer edges and corners belong to their only grid", () => {
    expect(index.lookup(0, 0)).toBe(1);
    expect(index.lookup(2, 2)).toBe(4);
    expect(index.lookup(2, 0.5)).toBe(2);
    expect(index.lookup(0.5, 2)).toBe(3);
    expect(index.lookup(2, 1)).toBe(2); // shared vertex of 2 and 4 on the outer edge
  });

  test("points within 1e-10° of an edge count as on it; farther ones do not", () => {
    expect(index.lookupAll(1 + 5e-11, 0.5)).toEqual([1, 2]);
    expect(index.lookup(1 + 1e-9, 0.5)).toBe(2);
    expect(index.lookup(1 - 1e-9, 0.5)).toBe(1);
    expect(index.lookup(-5e-11, 0.5)).toBe(1);
    expect(index.lookup(-1e-9, 0.5)).toBeNull();
  });

  test("result does not depend on input order", () => {
    const reversed = buildGridIndex([...grids].reverse());
    for (const [x, y] of [
      [1, 1],
      [1, 0.5],
      [0.5, 1],
      [2, 1],
      [1.5, 1.5],
    ] as const) {
      expect(reversed.lookup(x, y)).toBe(index.lookup(x, y));
    }
  });
});

describe("triangles sharing a diagonal edge", () => {
  // Square (0,0)-(3,3) split along the diagonal: the diagonal is shared.
  const lower = poly([
    [0, 0],
    [3, 0],
    [3, 3],
    [0, 0],
  ]);
  const upper = poly([
    [0, 0],
    [3, 3],
    [0, 3],
    [0, 0],
  ]);
  const index = buildGridIndex([
    { id: "B", polygon: lower },
    { id: "A", polygon: upper },
  ]);

  test("point on the diagonal belongs to exactly one grid", () => {
    for (const v of [0.1, 1, 1.5, 2.25, 2.9]) {
      expect(index.lookupAll(v, v)).toEqual(["A", "B"]);
      expect(index.lookup(v, v)).toBe("A");
    }
    // 0.1 + 0.2 != 0.3 in binary: the epsilon still treats it as on the edge.
    expect(index.lookupAll(0.1 + 0.2, 0.3)).toEqual(["A", "B"]);
  });

  test("off-diagonal points", () => {
    expect(index.lookup(2, 1)).toBe("B");
    expect(index.lookup(1, 2)).toBe("A");
  });
});

describe("holes", () => {
  // Grid 5: 10×10 square with a 2×2 hole at (4,4)-(6,6); grid 9 fills the hole exactly.
  const donut = poly(square(0, 0, 10), [
    [4, 4],
    [4, 6],
    [6, 6],
    [6, 4],
    [4, 4],
  ]);
  const plug = poly(square(4, 4, 2));

  test("a point in the hole is not in the donut", () => {
    const index = buildGridIndex([{ id: 5, polygon: donut }]);
    expect(index.lookup(5, 5)).toBeNull();
    expect(index.lookup(3, 5)).toBe(5);
    expect(index.lookup(4, 5)).toBe(5); // on the hole's edge: boundary is included
    expect(index.lookup(6, 6)).toBe(5); // hole vertex
  });

  test("a grid filling the hole owns its interior; the hole edge goes to the smaller id", () => {
    const index = buildGridIndex([
      { id: 9, polygon: plug },
      { id: 5, polygon: donut },
    ]);
    expect(index.lookup(5, 5)).toBe(9);
    expect(index.lookupAll(4, 5)).toEqual([5, 9]);
    expect(index.lookup(4, 5)).toBe(5);
    expect(index.lookup(9, 9)).toBe(5);
    expect(index.lookup(11, 5)).toBeNull();
  });

  test("two holes", () => {
    const g = poly(square(0, 0, 10), square(1, 1, 2).reverse(), square(6, 6, 2).reverse());
    const index = buildGridIndex([{ id: 1, polygon: g }]);
    expect(index.lookup(2, 2)).toBeNull();
    expect(index.lookup(7, 7)).toBeNull();
    expect(index.lookup(5, 5)).toBe(1);
  });
});

describe("MultiPolygon", () => {
  const multi = {
    type: "MultiPolygon" as const,
    coordinates: [[square(0, 0, 1)], [square(10, 10, 1), square(10.25, 10.25, 0.5)]],
  };

  test("each part counts; the hole in the second part does not", () => {
    const index = buildGridIndex([
      { id: 7, polygon: multi },
      { id: 8, polygon: poly(square(5, 5, 1)) },
    ]);
    expect(index.lookup(0.5, 0.5)).toBe(7);
    expect(index.lookup(10.1, 10.1)).toBe(7);
    expect(index.lookup(10.5, 10.5)).toBeNull();
    expect(index.lookup(5.5, 5.5)).toBe(8);
    expect(index.lookup(3, 3)).toBeNull(); // between the parts, inside the overall bbox
  });

  test("bare coordinates are accepted for both types", () => {
    const index = buildGridIndex([
      { id: 1, polygon: [square(0, 0, 1)] },
      { id: 2, polygon: [[square(2, 0, 1)], [square(4, 0, 1)]] },
    ]);
    expect(index.lookup(0.5, 0.5)).toBe(1);
    expect(index.lookup(4.5, 0.5)).toBe(2);
    expect(index.lookup(3.5, 0.5)).toBeNull();
  });
});

describe("concave and real-world shaped grids", () => {
  test("U shape: the notch is outside", () => {
    const u = poly([
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ]);
    const index = buildGridIndex([{ id: 1, polygon: u }]);
    expect(index.lookup(1.5, 2)).toBeNull();
    expect(index.lookup(0.5, 2)).toBe(1);
    expect(index.lookup(2.5, 2)).toBe(1);
    expect(index.lookup(1.5, 0.5)).toBe(1);
    // Ray through a vertex at y = 1 must not double count.
    expect(index.lookup(0.5, 1)).toBe(1);
    expect(index.lookup(-1, 1)).toBeNull();
    expect(index.lookup(1.5, 1)).toBe(1); // on the notch's bottom edge
  });

  test("clockwise rings work the same", () => {
    const cw = poly(square(0, 0, 1).reverse());
    expect(buildGridIndex([{ id: 1, polygon: cw }]).lookup(0.5, 0.5)).toBe(1);
  });

  test("grids near Nanchang at ~100 m scale", () => {
    const d = 0.001;
    const grids: GridInput[] = [];
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        grids.push({
          id: `360121101003${String(i * 5 + j + 1).padStart(3, "0")}`,
          polygon: poly(square(115.89 + i * d, 28.67 + j * d, d)),
        });
      }
    }
    const index = buildGridIndex(grids);
    expect(index.lookup(115.8905, 28.6705)).toBe("360121101003001");
    expect(index.lookup(115.8945, 28.6745)).toBe("360121101003025");
    expect(index.lookup(115.8925, 28.6715)).toBe("360121101003012");
  });
});

describe("polygonContains", () => {
  test("closed polygon semantics", () => {
    const g = poly(square(0, 0, 2), square(0.5, 0.5, 1));
    expect(polygonContains(g, 0.25, 0.25)).toBe(true);
    expect(polygonContains(g, 1, 1)).toBe(false);
    expect(polygonContains(g, 0.5, 1)).toBe(true);
    expect(polygonContains(g, 2, 2)).toBe(true);
    expect(polygonContains(g, 3, 3)).toBe(false);
  });
});

describe("buildGridIndex errors", () => {
  test("collects every invalid grid", () => {
    let err: unknown;
    try {
      buildGridIndex([
        { id: 1, polygon: poly(square(0, 0, 1)) },
        {
          id: 2,
          polygon: poly([
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0.5],
          ]),
        },
        { id: 1, polygon: poly(square(5, 5, 1)) },
        { id: 3, polygon: { type: "Point", coordinates: [1, 2] } as never },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GridIndexError);
    const issues = (err as GridIndexError).issues;
    expect(issues.map((i) => [i.id, i.code])).toEqual([
      [2, "GEOM_RING_NOT_CLOSED"],
      [1, "GEOM_STRUCTURE"],
      [3, "GEOM_TYPE"],
    ]);
    expect(issues[1]!.reason).toBe("网格编号重复：1");
  });

  test("validate: false skips geometry checks but not structure", () => {
    const bowtie = poly([
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(() => buildGridIndex([{ id: 1, polygon: bowtie }])).toThrow(GridIndexError);
    expect(buildGridIndex([{ id: 1, polygon: bowtie }], { validate: false }).size).toBe(1);
    expect(() => buildGridIndex([{ id: 1, polygon: { type: "Point" } as never }], { validate: false })).toThrow(
      GridIndexError,
    );
  });

  test("an empty index finds nothing", () => {
    const index = buildGridIndex([]);
    expect(index.size).toBe(0);
    expect(index.lookup(0, 0)).toBeNull();
    expect(index.lookupAll(0, 0)).toEqual([]);
  });
});

describe("validatePolygon", () => {
  const code = (g: unknown) => validatePolygon(g)?.code ?? null;

  test("valid geometries", () => {
    expect(validatePolygon(poly(square(0, 0, 1)))).toBeNull();
    expect(validatePolygon(poly(square(0, 0, 10), square(4, 4, 2)))).toBeNull();
    expect(validatePolygon({ type: "MultiPolygon", coordinates: [[square(0, 0, 1)], [square(2, 2, 1)]] })).toBeNull();
    expect(validatePolygon([square(0, 0, 1)])).toBeNull();
    // Consecutive duplicate positions are tolerated.
    expect(
      validatePolygon(
        poly([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toBeNull();
    // Extremes of the valid range.
    expect(
      validatePolygon(
        poly([
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, -90],
        ]),
      ),
    ).toBeNull();
    // Z values are allowed.
    expect(
      validatePolygon(
        poly([
          [0, 0, 5],
          [1, 0, 5],
          [1, 1, 5],
          [0, 0, 5],
        ]),
      ),
    ).toBeNull();
  });

  test("not a Polygon or MultiPolygon", () => {
    expect(validatePolygon({ type: "Point", coordinates: [1, 2] })).toEqual({
      code: "GEOM_TYPE",
      reason: "几何类型必须是 Polygon 或 MultiPolygon，实际为 Point",
    });
    expect(
      code({
        type: "LineString",
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toBe("GEOM_TYPE");
    expect(code(null)).toBe("GEOM_TYPE");
    expect(code("POLYGON((0 0,1 0,1 1,0 0))")).toBe("GEOM_TYPE");
    expect(code({ type: "Polygon" })).toBe("GEOM_STRUCTURE");
    expect(code({ type: "Polygon", coordinates: [[1, 2]] })).toBe("GEOM_STRUCTURE");
    expect(code([[1, 2]])).toBe("GEOM_STRUCTURE");
    expect(code({ type: "Polygon", coordinates: [] })).toBe("GEOM_EMPTY");
    expect(code({ type: "MultiPolygon", coordinates: [] })).toBe("GEOM_EMPTY");
    expect(code({ type: "MultiPolygon", coordinates: [[]] })).toBe("GEOM_EMPTY");
  });

  test("ring with fewer than 4 positions", () => {
    const issue = validatePolygon(
      poly([
        [0, 0],
        [1, 0],
        [0, 0],
      ]),
    );
    expect(issue).toEqual({
      code: "GEOM_RING_TOO_SHORT",
      reason: "外环只有 3 个点，至少需要 4 个（首尾为同一点）",
      polygon: 0,
      ring: 0,
    });
  });

  test("ring not closed", () => {
    const issue = validatePolygon(
      poly(square(0, 0, 10), [
        [4, 4],
        [4, 6],
        [6, 6],
        [6, 4],
      ]),
    );
    expect(issue?.code).toBe("GEOM_RING_NOT_CLOSED");
    expect(issue?.ring).toBe(1);
    expect(issue?.reason).toBe("第 1 个内环（洞）未闭合：首点与末点必须相同");
  });

  test("coordinates not numbers or out of range", () => {
    expect(
      code(
        poly([
          [0, 0],
          [1, "0"],
          [1, 1],
          [0, 0],
        ] as never),
      ),
    ).toBe("GEOM_COORD_NOT_NUMBER");
    expect(
      code(
        poly([
          [0, 0],
          [1, Number.NaN],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_COORD_NOT_NUMBER");
    expect(
      code(
        poly([
          [0, 0],
          [1, null],
          [1, 1],
          [0, 0],
        ] as never),
      ),
    ).toBe("GEOM_COORD_NOT_NUMBER");
    expect(code(poly([[0, 0], [1], [1, 1], [0, 0]]))).toBe("GEOM_STRUCTURE");
    const lng = validatePolygon(
      poly([
        [0, 0],
        [180.5, 0],
        [1, 1],
        [0, 0],
      ]),
    );
    expect(lng?.code).toBe("GEOM_COORD_RANGE");
    expect(lng?.position).toBe(1);
    expect(
      code(
        poly([
          [0, 0],
          [1, 0],
          [1, -90.1],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_COORD_RANGE");
    // Swapped lat/lng is the common mistake: (28.67, 115.89) puts lat out of range.
    expect(
      code(
        poly([
          [28.67, 115.89],
          [28.68, 115.89],
          [28.68, 115.9],
          [28.67, 115.89],
        ]),
      ),
    ).toBe("GEOM_COORD_RANGE");
  });

  test("self-intersecting rings", () => {
    // Bow tie.
    const bowtie = validatePolygon(
      poly([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    );
    expect(bowtie?.code).toBe("GEOM_SELF_INTERSECTION");
    expect(bowtie?.reason).toBe("外环自相交：第 1 条边与第 3 条边相交或重叠");
    // Ring touching itself at a vertex (figure eight through (1,1)).
    expect(
      code(
        poly([
          [0, 0],
          [1, 1],
          [2, 0],
          [2, 2],
          [1, 1],
          [0, 2],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_SELF_INTERSECTION");
    // A vertex lying on a non-adjacent edge.
    expect(
      code(
        poly([
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 0],
          [0, 4],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_SELF_INTERSECTION");
    // A spike: edge folds back over the previous edge.
    expect(
      code(
        poly([
          [0, 0],
          [2, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_SELF_INTERSECTION");
    // A spike at the closing vertex.
    expect(
      code(
        poly([
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, -1],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_SELF_INTERSECTION");
    // In a hole of the second polygon of a MultiPolygon.
    const m = validatePolygon({
      type: "MultiPolygon",
      coordinates: [
        [square(0, 0, 1)],
        [
          square(10, 10, 5),
          [
            [11, 11],
            [12, 12],
            [12, 11],
            [11, 12],
            [11, 11],
          ],
        ],
      ],
    });
    expect(m).toMatchObject({ code: "GEOM_SELF_INTERSECTION", polygon: 1, ring: 1 });
    expect(m?.reason).toStartWith("第 2 个多边形的第 1 个内环（洞）自相交");
  });

  test("zero area", () => {
    expect(
      code(
        poly([
          [0, 0],
          [1, 0],
          [2, 0],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_ZERO_AREA");
    expect(
      code(
        poly([
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toBe("GEOM_ZERO_AREA");
    expect(
      code(
        poly([
          [1, 1],
          [2, 2],
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBe("GEOM_ZERO_AREA");
  });

  test("a large valid ring and a large ring with one crossing", () => {
    // 3,000-vertex star-shaped (simple) polygon.
    const n = 3000;
    const ring: number[][] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = 0.01 * (1 + 0.3 * Math.sin(7 * a));
      ring.push([115.9 + r * Math.cos(a), 28.7 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    expect(validatePolygon(poly(ring))).toBeNull(); // its speed: bench/grid-lookup.ts
    // Swap two far-apart vertices: edges now cross.
    const broken = ring.map((p) => [...p]);
    [broken[100], broken[1600]] = [broken[1600]!, broken[100]!];
    expect(code(poly(broken))).toBe("GEOM_SELF_INTERSECTION");
  });
});

describe("randomised check against brute force", () => {
  test("index lookup equals a linear scan over 400 grids for 5,000 points", () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const grids: GridInput[] = [];
    const rings: PolygonCoordinates[] = [];
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        const r = [square(i, j, 1)];
        rings.push(r);
        grids.push({ id: i * 20 + j, polygon: poly(...r) });
      }
    }
    const index = buildGridIndex(grids);
    for (let k = 0; k < 5000; k++) {
      // Half the points snapped to the lattice so edges and vertices are hit often.
      const x = k % 2 ? Math.round(rand() * 42) / 2 - 0.5 : rand() * 21 - 0.5;
      const y = k % 2 ? Math.round(rand() * 42) / 2 - 0.5 : rand() * 21 - 0.5;
      const containing = grids.filter((_g, gi) => polygonContains(rings[gi]!, x, y)).map((g) => g.id as number);
      expect(index.lookup(x, y)).toBe(containing.length ? Math.min(...containing) : null);
    }
  });
});
