import type { NetworkId } from "./registry.ts";
import type {
  AppPasswordConnect,
  Network,
  NetworkConfig,
  OAuthConnect,
  TokenSet,
} from "./types.ts";

/** An adapter module's factory: what `create` in a network's index.ts is. */
export type AdapterFactory = (config: NetworkConfig) => Network;

/** What the lazy stand-in needs to know without loading the adapter. */
export interface LazyShape {
  network: NetworkId;
  displayName: string;
  method: "oauth" | "app_password";
  /** Whether the adapter can refresh and revoke tokens. */
  tokens: readonly ("refresh" | "revoke")[];
  findPost: boolean;
  recentPosts: boolean;
  accountMetrics: boolean;
  webhook: boolean;
}

/**
 * A network whose implementation (and its libraries: @atproto/api for Bluesky, twitter-text's
 * parser, …) loads on the first call that needs it, through the one `import()` the network's
 * description names. The description stays small data, so a function that answers a calendar
 * page loads no adapter, and a consumer publishing to Bluesky never loads LinkedIn's code. The
 * stand-in has exactly the optional methods the description claims (the registry test checks
 * the claims against the loaded adapter), so `if (adapter.findPost)` reads the same.
 */
export function lazyNetwork(
  shape: LazyShape,
  load: () => Promise<AdapterFactory>,
): (config: NetworkConfig) => Network {
  let factory: Promise<AdapterFactory> | undefined;
  // One import per process; a failed import (a deployment missing a chunk) is tried again.
  const loadOnce = () => {
    factory ??= load().catch((error: unknown) => {
      factory = undefined;
      throw error;
    });
    return factory;
  };
  return (config) => {
    let adapter: Promise<Network> | undefined;
    const real = () => {
      adapter ??= loadOnce().then((create) => create(config));
      return adapter;
    };
    const missing = (name: string): never => {
      throw new TypeError(`The ${shape.network} adapter has no ${name}, as its description says.`);
    };
    const network: Network = {
      id: shape.network,
      displayName: shape.displayName,
      connect: lazyConnect(shape, real, missing),
      profile: async (tokens) => (await real()).profile(tokens),
      publish: async (input) => (await real()).publish(input),
      metrics: async (input) => (await real()).metrics(input),
    };
    if (shape.findPost) {
      network.findPost = async (input) => {
        const loaded = await real();
        return loaded.findPost ? loaded.findPost(input) : missing("findPost");
      };
    }
    if (shape.recentPosts) {
      network.recentPosts = async (input) => {
        const loaded = await real();
        return loaded.recentPosts ? loaded.recentPosts(input) : missing("recentPosts");
      };
    }
    if (shape.accountMetrics) {
      network.accountMetrics = async (input) => {
        const loaded = await real();
        return loaded.accountMetrics ? loaded.accountMetrics(input) : missing("accountMetrics");
      };
    }
    if (shape.webhook) {
      network.webhook = async (request) => {
        const loaded = await real();
        return loaded.webhook ? loaded.webhook(request) : missing("webhook");
      };
    }
    return network;
  };
}

function lazyConnect(
  shape: LazyShape,
  real: () => Promise<Network>,
  missing: (name: string) => never,
): OAuthConnect | AppPasswordConnect {
  const tokens: Pick<OAuthConnect, "refresh" | "revoke"> = {};
  if (shape.tokens.includes("refresh")) {
    tokens.refresh = async (set: TokenSet) => {
      const { connect } = await real();
      return connect.refresh ? connect.refresh(set) : missing("token refresh");
    };
  }
  if (shape.tokens.includes("revoke")) {
    tokens.revoke = async (set: TokenSet) => {
      const { connect } = await real();
      return connect.revoke ? connect.revoke(set) : missing("token revocation");
    };
  }
  if (shape.method === "app_password") {
    return {
      method: "app_password",
      signIn: async (input) => {
        const { connect } = await real();
        return connect.method === "app_password" ? connect.signIn(input) : missing("sign-in");
      },
      ...tokens,
    };
  }
  return {
    method: "oauth",
    authorizationUrl: async (input) => {
      const { connect } = await real();
      return connect.method === "oauth" ? connect.authorizationUrl(input) : missing("OAuth");
    },
    exchangeCode: async (input) => {
      const { connect } = await real();
      return connect.method === "oauth" ? connect.exchangeCode(input) : missing("OAuth");
    },
    ...tokens,
  };
}
