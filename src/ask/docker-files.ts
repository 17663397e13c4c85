import * as p from "@clack/prompts";
import type { Facts } from "../inspect/index.js";
import { BESIDE_DEFAULT, type DockerFiles, STANDARD, STANDARD_PATHS, validBesideName } from "../model/docker-files.js";
import type { CliOptions } from "../model/options.js";
import { STATE_FILE } from "../model/state-file.js";
import { type PromptIO, unlessCancelled } from "./index.js";

/** Why theirs are kept when nobody was asked: main writes nothing at all then. */
export const KEPT_BY_DEFAULT = "the default without prompts";

export interface DockerFilesAnswer {
  dockerFiles: DockerFiles;
  why: string;
}

/**
 * What to do with Docker files the project already has (see DockerFiles).
 * A flag wins, then the remembered answer; with nothing of theirs in the
 * way there is nothing to ask. Without prompts, theirs are kept: nothing
 * is written over a file the project wrote itself.
 */
export async function askDockerFiles(
  facts: Facts,
  options: CliOptions,
  io: PromptIO,
  remembered: DockerFiles | undefined,
): Promise<DockerFilesAnswer> {
  if (options.dockerFiles) return { dockerFiles: options.dockerFiles, why: "from --existing" };
  // A .dockerignore alone is kept and used as it is: our Dockerfile and
  // entrypoint do not depend on it, so there is nothing to choose.
  const foreign = facts.foreignDockerFiles.some((f) => f !== STANDARD_PATHS.dockerignore)
    ? facts.foreignDockerFiles
    : [];
  if (remembered && remembered.kind !== "standard" && (foreign.length > 0 || remembered.kind === "beside")) {
    return { dockerFiles: remembered, why: `your answer, remembered in ${STATE_FILE}` };
  }
  if (foreign.length === 0) return { dockerFiles: STANDARD, why: "" };
  if (!io.interactive) return { dockerFiles: { kind: "keep" }, why: KEPT_BY_DEFAULT };
  const streams = { input: io.input, output: io.output };
  const these = foreign.join(", ");
  const kind = unlessCancelled(
    await p.select<DockerFiles["kind"]>({
      ...streams,
      message: `This project already has ${these}, which create-django-docker did not write. What should happen?`,
      initialValue: "beside",
      options: [
        {
          value: "beside",
          label: "Keep yours; write ours beside them",
          hint: `${BESIDE_DEFAULT}, built with docker build -f ${BESIDE_DEFAULT}`,
        },
        {
          value: "replace",
          label: "Replace yours with ours",
          hint: `yours are kept as ${foreign.map((f) => `${f}.orig`).join(", ")}`,
        },
        { value: "keep", label: "Keep yours; write nothing", hint: "run again with --existing beside to get ours" },
      ],
    }),
  );
  if (kind !== "beside") return { dockerFiles: { kind } as DockerFiles, why: "your answer" };
  const dockerfile = unlessCancelled(
    await p.text({
      ...streams,
      message: "Name of our Dockerfile?",
      initialValue: BESIDE_DEFAULT,
      validate: (v) => validBesideName(v ?? ""),
    }),
  );
  return { dockerFiles: { kind: "beside", dockerfile }, why: "your answer" };
}
