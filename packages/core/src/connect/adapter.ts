import { type Network, type NetworkConfig, type NetworkId, registry } from "@cadence/networks";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { isNetworkId, networkConfig } from "../network/index.ts";
import { usePorts } from "../ports.ts";

type Registrar = (
  config: NetworkConfig,
  server: string,
) => Promise<{ clientId: string; clientSecret: string }>;

/** Federated networks need the person to say which server their account is on. */
export function isFederated(network: NetworkId): boolean {
  return registry[network].connect.server === "required";
}

export function supportsConnecting(network: string): network is NetworkId {
  return isNetworkId(network);
}

/**
 * The network's adapter for connecting and disconnecting: the stage's configuration plus, for
 * federated networks, the per-server app registration (`clientFor`), cached in the table.
 */
export function connectAdapter(network: string): Network {
  if (!supportsConnecting(network)) {
    throw new VisibleError(
      "network_not_supported",
      `Cadence cannot connect ${network} accounts yet.`,
      "network",
    );
  }
  const config = networkConfig(network);
  // Federated networks: Cadence registers itself on each server the first time someone uses it.
  const register = registry[network].registerApp;
  if (register) config.clientFor = (server) => appOn(network, server, config, register);
  return registry[network].create(config);
}

// The client secret is sealed like a token, under a context naming no tenant: it is Cadence's own.
const secretContext = (network: string, server: string) => ({
  workspaceId: "cadence",
  serverApp: `${network} ${server}`,
});

async function appOn(
  network: NetworkId,
  server: string,
  config: NetworkConfig,
  register: Registrar,
): Promise<{ clientId: string; clientSecret: string }> {
  const { vault } = usePorts();
  const stored = (await db().entities.serverApp.get({ network, server }).go()).data;
  if (stored && stored.redirectUri === config.redirectUri) {
    return {
      clientId: stored.clientId,
      clientSecret: await vault.open(stored.sealedSecret, secretContext(network, server)),
    };
  }
  const app = await register(config, server);
  const sealedSecret = await vault.seal(app.clientSecret, secretContext(network, server));
  const values = { clientId: app.clientId, sealedSecret, redirectUri: config.redirectUri };
  // Two first connects to one server may race: the first registration stored wins, so the
  // authorize page and the code exchange always use the same client.
  const saved = await (stored
    ? db()
        .entities.serverApp.patch({ network, server })
        .set(values)
        .where((attr, op) => op.eq(attr.clientId, stored.clientId))
        .go()
    : db()
        .entities.serverApp.create({ network, server, ...values })
        .go()
  )
    .then(() => true)
    .catch(() => false);
  if (saved) return { clientId: app.clientId, clientSecret: app.clientSecret };
  const winner = (await db().entities.serverApp.get({ network, server }).go()).data;
  if (!winner) throw new Error(`could not record the app registration on ${server}`);
  return {
    clientId: winner.clientId,
    clientSecret: await vault.open(winner.sealedSecret, secretContext(network, server)),
  };
}
