// The sidebar: each module contributes entries with the roles that see them.
import type { Role } from "./context.ts";

/** One sidebar link as the layouts render it. */
export type NavItem = { href: string; label: string; group?: string };
export type NavEntry = NavItem & { roles: readonly Role[]; order?: number };

export class Nav {
  private entries: NavEntry[] = [];
  add(...e: NavEntry[]) {
    this.entries.push(...e);
  }
  for(roles: readonly Role[]): NavItem[] {
    return this.entries
      .filter((e) => e.roles.some((r) => roles.includes(r)))
      .sort((a, b) => (a.order ?? 50) - (b.order ?? 50))
      .filter((e, i, all) => all.findIndex((x) => x.href === e.href) === i)
      .map(({ href, label, group }) => ({ href, label, group }));
  }
}
