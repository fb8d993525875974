// Check that a user id names an active inspector.
import type { Db } from "../../core/db.ts";
import { Validation } from "../../core/errors.ts";

export function assertInspector(db: Db, userId: number) {
  const ok = db.sqlite
    .query(
      "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.id = ? AND u.active = 1 AND r.role = 'inspector'",
    )
    .get(userId);
  if (!ok) throw Validation("case.inspector", "请选择一名监督员", { inspectorId: "请选择一名监督员" });
}
