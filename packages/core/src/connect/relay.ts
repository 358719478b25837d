import { isNetworkId } from "../network/index.ts";
import { parseState } from "./state.ts";

/** Where each stage's API lives, as the stages registered it (packages/aws/src/stages.ts). */
export type StageDirectory = (stage: string) => Promise<string | undefined>;

export type RelayOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "refused"; status: 400 | 404; message: string };

/**
 * The shared OAuth relay for preview stages: real networks accept only redirect URIs registered
 * in advance, so every preview stage registers one address (the relay's) and the relay sends
 * the browser on to the API of the stage the `state` names, query untouched. It only ever
 * redirects to an API a stage registered in the directory, never to an address from the
 * request, so it cannot be used as an open redirect.
 */
export async function relayCallback(input: {
  network: string;
  query: URLSearchParams;
  directory: StageDirectory;
}): Promise<RelayOutcome> {
  if (!isNetworkId(input.network)) {
    return { kind: "refused", status: 404, message: "Cadence does not connect to that network." };
  }
  const stage = parseState(input.query.get("state"))?.stage;
  if (!stage) {
    return {
      kind: "refused",
      status: 400,
      message: "This link did not come from a Cadence connection. Start connecting again.",
    };
  }
  const api = await input.directory(stage);
  if (!api) {
    return {
      kind: "refused",
      status: 404,
      message: `The stage “${stage}” is not running any more. Connect again on a running stage.`,
    };
  }
  const location = new URL(`${api.replace(/\/+$/, "")}/connect/${input.network}/callback`);
  location.search = input.query.toString();
  return { kind: "redirect", location: location.toString() };
}
