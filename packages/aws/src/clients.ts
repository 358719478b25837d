/**
 * One client per service per process, built on first use. This module imports no SDK client:
 * each adapter imports the one it uses and asks here for the shared instance, so a function's
 * bundle (and its cold start) holds only the services it calls. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how the local stack points these unchanged
 * clients at its stand-ins.
 */
type ClientClass<T> = new (config: Record<string, never>) => T;
const clients = new Map<ClientClass<unknown>, unknown>();

/** The process's client of a service; `build` for one that needs settings. */
export function clientOf<T>(Client: ClientClass<T>, build: () => T = () => new Client({})): T {
  let client = clients.get(Client) as T | undefined;
  if (client === undefined) {
    client = build();
    clients.set(Client, client);
  }
  return client;
}
