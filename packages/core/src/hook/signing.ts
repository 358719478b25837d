import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { HookEndpointItem } from "../db/entities/hook-endpoint.ts";
import { usePorts } from "../ports.ts";

/**
 * Signing per the Standard Webhooks specification, with its own library: `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, the secret as `whsec_` + base64. During
 * a rotation's overlap the previous secret signs too, space-separated, as the specification
 * allows, so a receiver holding either secret verifies.
 */

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export const contextOf = (item: { workspaceId: string; endpointId: string }) => ({
  workspaceId: item.workspaceId,
  endpointId: item.endpointId,
});

export function sealSecret(
  item: { workspaceId: string; endpointId: string },
  secret: string,
): Promise<string> {
  return usePorts().vault.seal(secret, contextOf(item));
}

/** The secrets that sign now: the current one, and the previous one during an overlap. */
async function signingSecrets(endpoint: HookEndpointItem, now: Date): Promise<string[]> {
  const { vault } = usePorts();
  const secrets = [await vault.open(endpoint.secretSealed, contextOf(endpoint))];
  if (endpoint.previousSecretSealed && endpoint.previousUntil > now.toISOString()) {
    secrets.push(await vault.open(endpoint.previousSecretSealed, contextOf(endpoint)));
  }
  return secrets;
}

export async function signedHeaders(
  endpoint: HookEndpointItem,
  messageId: string,
  body: string,
  now = new Date(),
): Promise<Record<string, string>> {
  const signatures = (await signingSecrets(endpoint, now)).map((secret) =>
    new Webhook(secret).sign(messageId, now, body),
  );
  return {
    "content-type": "application/json",
    "user-agent": "Cadence-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
