import type { SandboxMedia, SandboxNetwork, SandboxState } from "../state.ts";

/**
 * Media containers, as Instagram and Threads keep them: made from a URL the network fetches
 * itself, IN_PROGRESS for a few status checks while a video "processes" (longer under the
 * slow_media fault), then FINISHED; ERROR with a reason when refused; PUBLISHED once used;
 * EXPIRED after 24 hours. A carousel is FINISHED when all its items are. Kept in the sandbox's
 * media map, so a reset clears them.
 */
export interface Container {
  kind: string;
  fields: Record<string, string>;
  children: string[];
  status: "IN_PROGRESS" | "FINISHED" | "ERROR" | "PUBLISHED";
  reason?: string;
  media: { mimeType: string; altText?: string }[];
}

export function createContainer(
  state: SandboxState,
  input: {
    network: SandboxNetwork;
    owner: string;
    container: Omit<Container, "status">;
    processingPolls: number;
    refused?: string;
  },
): string {
  const id = state.nextId();
  const container: Container = {
    ...input.container,
    status: input.refused ? "ERROR" : "IN_PROGRESS",
    reason: input.refused,
  };
  state.media.set(id, {
    id,
    network: input.network,
    account: input.owner,
    mimeType: input.container.media[0]?.mimeType ?? "text/plain",
    bytes: new Uint8Array(0),
    pendingPolls: input.refused ? 0 : input.processingPolls,
    createdAt: state.now(),
    extra: { container },
  });
  return id;
}

export function containerOf(
  state: SandboxState,
  network: SandboxNetwork,
  id: string,
): { media: SandboxMedia; container: Container } | undefined {
  const media = state.media.get(id);
  const container = media?.extra?.container as Container | undefined;
  return media?.network === network && container ? { media, container } : undefined;
}

/** One status check: moves processing on and answers the state the network would report. */
export function checkContainer(
  state: SandboxState,
  network: SandboxNetwork,
  id: string,
): { status: string; reason?: string } | undefined {
  const found = containerOf(state, network, id);
  if (!found) return undefined;
  const { media, container } = found;
  if (container.status === "PUBLISHED" || container.status === "ERROR") {
    return { status: container.status, reason: container.reason };
  }
  if (state.now() - media.createdAt > 24 * 3600_000) return { status: "EXPIRED" };
  if (media.pendingPolls > 0) media.pendingPolls -= 1;
  else if (container.status === "IN_PROGRESS") {
    const children = container.children.map((child) => containerOf(state, network, child));
    const failed = children.find((child) => child?.container.status === "ERROR");
    if (failed) {
      container.status = "ERROR";
      container.reason = failed.container.reason;
    } else if (children.every((child) => child?.container.status === "FINISHED")) {
      container.status = "FINISHED";
    }
  }
  return { status: container.status, reason: container.reason };
}

/** What the network finds at a media URL: its type and, for JPEG and PNG, its size. */
export async function fetchMediaUrl(
  url: string,
): Promise<{ ok: true; type: string; width?: number; height?: number } | { ok: false }> {
  if (!URL.canParse(url)) return { ok: false };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false };
    }
    const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: true, type, ...imageSize(bytes) };
  } catch {
    return { ok: false };
  }
}

function imageSize(bytes: Uint8Array): { width?: number; height?: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes.byteLength >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return {};
  for (let at = 2; at + 9 < bytes.byteLength; ) {
    if (bytes[at] !== 0xff) return {};
    const marker = bytes[at + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return {};
}
