// A user changes their own password (also the way out of an expired password).
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { UserActor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { userById } from "../queries.ts";
import { hashPassword } from "./save-user.ts";
import { checkPassword, securityLog } from "../../security/index.ts";

export async function changePassword(
  db: Db,
  actor: UserActor,
  input: { current: string; password: string; password2: string },
  /** The session making the change (token hash): it stays; every other session of the user ends. */
  keepSession: string | null = null,
) {
  const u = userById(db, actor.userId);
  if (!u) throw Validation("user.not_found", "用户不存在");
  const ok = await Bun.password.verify(input.current || "", u.password_hash).catch(() => false);
  if (!ok) {
    securityLog(db, {
      kind: "password",
      outcome: "fail",
      actor: actor.name,
      userId: actor.userId,
      username: actor.username,
      detail: "当前密码不正确",
    });
    throw Validation("password.current_wrong", "当前密码不正确", { current: "当前密码不正确" });
  }
  if (input.password !== input.password2)
    throw Validation("password.mismatch", "两次输入的新密码不一致", { password2: "两次输入的新密码不一致" });
  if (input.password === input.current)
    throw Validation("password.same", "新密码不能与当前密码相同", { password: "新密码不能与当前密码相同" });
  checkPassword(db, input.password, u.username);
  const hash = hashPassword(input.password);
  tx(db, () => {
    db.sqlite
      .query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
      .run(hash, new Date().toISOString(), u.id);
    db.sqlite.query("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?").run(u.id, keepSession);
    securityLog(db, {
      kind: "password",
      actor: actor.name,
      userId: actor.userId,
      username: actor.username,
      entity: "user",
      entityId: u.id,
    });
  });
}
