import * as z from "zod";
import { db } from "../db/service.ts";
import "../util/zod.ts";

/**
 * What a workspace's plan allows. Billing does not exist yet: a workspace is on the free plan
 * unless its item carries a `plan` attribute naming another one.
 */
export namespace Plan {
  export const Id = z.enum(["free", "pro", "business"]);
  export type Id = z.infer<typeof Id>;

  const MB = 1024 * 1024;
  const GB = 1024 * MB;

  export interface Limits {
    /** Display name, for messages. */
    name: string;
    /** Largest single upload per kind, in bytes. */
    maxUploadBytes: { image: number; video: number };
  }

  /**
   * Per-file caps in line with what schedulers such as Buffer and Hootsuite allow. Images stop
   * at 50 MB on every plan: they are decoded in memory, and no network accepts a bigger one.
   * Videos top out at 5 GB, the largest object one S3 POST (and one CopyObject) can carry.
   */
  export const limits: Record<Id, Limits> = {
    free: { name: "Free", maxUploadBytes: { image: 50 * MB, video: 50 * MB } },
    pro: { name: "Pro", maxUploadBytes: { image: 50 * MB, video: 1 * GB } },
    business: { name: "Business", maxUploadBytes: { image: 50 * MB, video: 5 * GB } },
  };

  /** The workspace's plan. */
  export async function ofWorkspace(workspaceId: string): Promise<Id> {
    // Read raw: `plan` is not modelled on the workspace entity until billing writes it.
    const raw = (await db().entities.workspace.get({ workspaceId }).go({ data: "raw" })) as {
      data?: { Item?: { plan?: unknown } } | null;
    };
    const parsed = Id.safeParse(raw.data?.Item?.plan);
    return parsed.success ? parsed.data : "free";
  }

  /** "50 MB", "1 GB": sizes as people read them. */
  export function formatBytes(bytes: number): string {
    if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))} GB`;
    if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
    if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
    return `${bytes} bytes`;
  }
}
