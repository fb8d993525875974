// The layout renderer the app hands to core/page.tsx: a role's page in its layout.
import type { LayoutRenderer } from "../../server/core/layout.ts";
import { Desk } from "./desk.tsx";
import { Mobile } from "./mobile.tsx";

export const renderLayout: LayoutRenderer = (layout, { back, ...props }, body) =>
  layout === "mobile" ? (
    <Mobile {...props} back={back}>
      {body}
    </Mobile>
  ) : (
    <Desk {...props}>{body}</Desk>
  );
