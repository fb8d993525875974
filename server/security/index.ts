// Security: password policy, lockout and session settings, the append-only security log.
import type { Module } from "../core/module.ts";
import { registerSecurity, NAV } from "./routes.tsx";
import { SECURITY_KEYS } from "./settings.ts";

export { passwordExpiryMiddleware } from "./middleware.ts";
export { securityLog, logSettingChange, logPermissionChange, type SecurityEntry } from "./log.ts";
export { securitySettings, type SecuritySettings } from "./settings.ts";
export { checkPassword } from "./policy.ts";

export const securityModule: Module = {
  name: "security",
  settings: Object.values(SECURITY_KEYS).map((d) => ({ key: d.key, label: d.label, page: "/security/settings" })),
  routes: (r) => registerSecurity(r),
  nav: NAV,
};
