import { Resource } from "sst";

/**
 * The OAuth `state` Cadence sends: `<stage>.<attempt id>.<random>`. The attempt id lets the
 * callback find its attempt with one read; the stage lets the one OAuth relay that real networks
 * know (functions/src/relay) hand a preview stage's callback to that stage.
 */
const statePattern = /^(?:([a-z0-9][a-z0-9-]{0,62})\.)?(con_[0-9a-z]{26})\.[\w-]{16,200}$/;

/** The start of this stage's states: its name (SST's app stage; the local stack sets it too). */
export function stateStagePrefix(): string {
  const stage = Resource.App.stage;
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(stage) ? `${stage}.` : "";
}

/** The parts of a state Cadence issued, or undefined for anything else. */
export function parseState(
  state: string | null | undefined,
): { stage?: string; attemptId: string } | undefined {
  const match = statePattern.exec(state ?? "");
  if (!match?.[2]) return undefined;
  return { stage: match[1], attemptId: match[2] };
}
