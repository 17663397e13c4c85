import type { Plan } from "../plan/index.js";

type Row = [label: string, value: string, why?: string];

/** The processes besides web and the backing services, each with where it was found. */
export function stackRows(plan: Plan): Row[] {
  const { roles, procfileWeb, services, compose, ownCompose } = plan.stack;
  const rows: Row[] = [];
  if (procfileWeb) {
    const without =
      procfileWeb.dropped.length > 0 ? `, without ${plan.context.procfileDropped}, which the image runs itself` : "";
    rows.push([
      "Web",
      procfileWeb.command,
      `${procfileWeb.from}${without}: the web role runs it instead of the server above`,
    ]);
  }
  for (const role of roles)
    rows.push([
      role.name === "beat" ? "Beat" : role.name === "worker" ? "Worker" : `Role ${role.name}`,
      role.command,
      role.from,
    ]);
  for (const service of services) rows.push(["Service", service.kind, service.from]);
  if (roles.length > 0 || services.length > 0)
    rows.push([
      "Compose",
      compose ? "compose.yaml and stack.yaml, .env.example" : "not written",
      compose
        ? undefined
        : ownCompose === "compose.yaml"
          ? "you have your own compose.yaml, which is kept: nothing is written over it"
          : ownCompose
            ? `you have ${ownCompose}; --compose writes compose.yaml, which docker compose reads first`
            : "--compose writes it",
    ]);
  return rows;
}
